// The inputs of the FFmpeg command: one per distinct local file, whichever segments share it,
// decoded once and split to every use, and only over the stretch of the file the draft plays.
#pragma once

#include "render/media_probe.hpp"

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace cutqueue::render {

/// A material's local file and what probing found in it.
struct material_source {
  std::string local_path;
  probe_info info;
};

/// Every material of a draft that has a local file, keyed by its path as written in the draft.
using material_sources = std::map<std::string, material_source>;

enum class input_kind {
  media, ///< a video or audio file: read from the earliest to the latest source time used
  photo, ///< a still picture: one frame, repeated by the graph
  still, ///< a picture the renderer wrote itself (mask, caption): one frame
};

class input_table {
public:
  /// The input for `local_path`, added on first use. The same file used as a photo and as a
  /// medium is two inputs (a photo is read as one frame).
  size_t add(const std::string& local_path, input_kind kind, const probe_info& info);

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

  /// `-i` options of every input, in index order, for a canvas of `fps`.
  std::vector<std::string> arguments(const std::string& fps) const;

private:
  struct entry {
    std::string path;
    input_kind kind = input_kind::media;
    probe_info info;
    int64_t first_us = INT64_MAX, last_us = 0;
    int video_uses = 0, audio_uses = 0;
    std::vector<std::string> video_taps, audio_taps;
    size_t next_video = 0, next_audio = 0;
  };
  std::vector<entry> inputs_;
};

} // namespace cutqueue::render
