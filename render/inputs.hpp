// The inputs of the FFmpeg command: one per use of a local file, read only over the stretch of
// the file that use plays.
#pragma once

#include "render/media_probe.hpp"

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace cutqueue::render {

/// A material's local file and what probing found in it.
struct material_source {
  material_source() = default;
  material_source(std::string path, probe_info probed)
      : local_path(std::move(path)), info(probed) {}

  std::string local_path;
  probe_info info;
  /// Options before `-i` when FFmpeg cannot tell the format itself (raw frames), else none.
  std::vector<std::string> input_options;
  std::string origin; ///< the file it was made from, when it is a decoded copy
};

/// Every material of a draft that has a local file, keyed by its path as written in the draft.
using material_sources = std::map<std::string, material_source>;

enum class input_kind {
  media,  ///< a video or audio file: read from the earliest to the latest source time used
  photo,  ///< a still picture: one frame, repeated by the graph
  still,  ///< a picture the renderer wrote itself (mask, caption): one frame
  looped, ///< an animation (a sticker) that repeats from its start for as long as it is used
};

class input_table {
public:
  /// The input of `owner` (a segment, or null for a picture of the renderer's own) reading
  /// `local_path`: a segment's picture and sound share one input, but every use of a file gets
  /// its own. One decoder split between two uses at different times must hold every frame of
  /// the earlier use until the later one is drawn (FFmpeg's overlay asks for a layer's first
  /// frame as soon as it starts): a whole clip of frames in memory. Two decoders, each reading
  /// only its own stretch of the file, cost less.
  size_t add(const void* owner, const std::string& local_path, input_kind kind,
             const probe_info& info, std::vector<std::string> options = {});

  /// Records that a segment plays [start_us, end_us) of the file's picture / sound.
  void use_video(size_t input, int64_t start_us, int64_t end_us);
  void use_audio(size_t input, int64_t start_us, int64_t end_us);

  /// The split outputs of every input with more than one use; call once after all uses.
  void write_fanout(std::ostream& graph);
  /// The label of the next unused picture / sound of `input`, in the order of use_*() calls.
  std::string take_video(size_t input);
  std::string take_audio(size_t input);

  /// Seconds from which the input is read (media: its earliest source time used).
  int64_t first_us(size_t input) const;
  const probe_info& info(size_t input) const { return inputs_[input].info; }
  input_kind kind(size_t input) const { return inputs_[input].kind; }
  size_t size() const { return inputs_.size(); }

  /// `-i` options of every input, in index order, for a canvas of `fps`. `threads` > 0: each
  /// input's decoder uses at most that many (the export's thread budget; 0 = FFmpeg's choice).
  std::vector<std::string> arguments(const std::string& fps, int threads) const;

private:
  struct entry {
    const void* owner = nullptr;
    std::string path;
    input_kind kind = input_kind::media;
    probe_info info;
    std::vector<std::string> options; ///< before -i
    int64_t first_us = INT64_MAX, last_us = 0;
    int video_uses = 0, audio_uses = 0;
    std::vector<std::string> video_taps, audio_taps;
    size_t next_video = 0, next_audio = 0;
  };
  std::vector<entry> inputs_;
};

} // namespace cutqueue::render
