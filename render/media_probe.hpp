// What the renderer needs to know about a local media file before building the filter graph.
#pragma once

#include <chrono>
#include <string>

namespace cutqueue::render {

struct probe_info {
  bool has_video = false;
  bool has_audio = false;
  int audio_channels = 0;    ///< of the first audio stream
  int width = 0, height = 0; ///< of the first video stream, after rotation metadata
  bool has_alpha = false;    ///< the first video stream's pixels carry transparency
  double duration = 0;       ///< seconds; 0 when unknown (still images)
};

struct probe_outcome {
  bool ok = false;
  std::string error; ///< libavformat's complaint, when !ok
};

/// Reads the container header of the local `file` with libavformat, in-process: an ffprobe
/// process cost ~0.2 s of start-up per file, more than the rest of a short render. Only the
/// file protocol is allowed, and reading gives up after `limit`. Never throws.
probe_outcome probe_media(const std::string& file, probe_info& out,
                          std::chrono::milliseconds limit = std::chrono::seconds(30));

} // namespace cutqueue::render
