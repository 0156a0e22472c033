// What the renderer needs to know about a local media file before building the filter graph.
#pragma once

#include <string>

namespace cutqueue::render {

struct probe_info {
  bool has_video = false;
  bool has_audio = false;
  int audio_channels = 0;    ///< of the first audio stream
  int width = 0, height = 0; ///< of the first video stream, after rotation metadata
  double duration = 0;       ///< seconds; 0 when unknown (still images)
};

struct probe_outcome {
  bool ok = false;
  std::string error; ///< ffprobe's complaint, when !ok
};

/// Runs `ffprobe -of json -show_streams -show_format` on `file` (argv, no shell, 30 s limit).
/// Never throws.
probe_outcome probe_media(const std::string& ffprobe, const std::string& file, probe_info& out);

} // namespace cutqueue::render
