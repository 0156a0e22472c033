#include "render/inputs.hpp"

#include "render/curve.hpp"

#include <algorithm>

namespace cutqueue::render {

namespace {

std::string secs(int64_t us) {
  return decimal(static_cast<double>(us) / 1e6, 6);
}

} // namespace

size_t input_table::add(const void* owner, const std::string& local_path, input_kind kind,
                        const probe_info& info, std::vector<std::string> options) {
  for (size_t i = 0; i < inputs_.size(); ++i)
    if (owner && inputs_[i].owner == owner && inputs_[i].path == local_path &&
        inputs_[i].kind == kind)
      return i;
  entry e;
  e.owner = owner;
  e.path = local_path;
  e.kind = kind;
  e.info = info;
  e.options = std::move(options);
  inputs_.push_back(std::move(e));
  return inputs_.size() - 1;
}

void input_table::use_video(size_t input, int64_t start_us, int64_t end_us) {
  auto& e = inputs_[input];
  ++e.video_uses;
  e.first_us = std::min(e.first_us, start_us);
  e.last_us = std::max(e.last_us, end_us);
}

void input_table::use_audio(size_t input, int64_t start_us, int64_t end_us) {
  auto& e = inputs_[input];
  ++e.audio_uses;
  e.first_us = std::min(e.first_us, start_us);
  e.last_us = std::max(e.last_us, end_us);
}

int64_t input_table::first_us(size_t input) const {
  const auto& e = inputs_[input];
  return e.kind == input_kind::media && e.first_us != INT64_MAX ? e.first_us : 0;
}

void input_table::write_fanout(std::ostream& g) {
  for (size_t i = 0; i < inputs_.size(); ++i) {
    auto& e = inputs_[i];
    auto fan = [&](const char* kind, const char* split, int uses, std::vector<std::string>& taps) {
      const std::string stream = "[" + std::to_string(i) + ":" + kind + ":0]";
      if (uses == 1) {
        taps.push_back(stream);
        return;
      }
      g << stream << split << "=" << uses;
      for (int k = 0; k < uses; ++k) {
        taps.push_back("[i" + std::to_string(i) + kind + std::to_string(k) + "]");
        g << taps.back();
      }
      g << ";\n";
    };
    if (e.video_uses > 0)
      fan("v", "split", e.video_uses, e.video_taps);
    if (e.audio_uses > 0)
      fan("a", "asplit", e.audio_uses, e.audio_taps);
  }
}

std::string input_table::take_video(size_t input) {
  auto& e = inputs_[input];
  return e.video_taps.at(e.next_video++);
}

std::string input_table::take_audio(size_t input) {
  auto& e = inputs_[input];
  return e.audio_taps.at(e.next_audio++);
}

std::vector<std::string> input_table::arguments(const std::string& fps, int threads) const {
  std::vector<std::string> a;
  // Frame-threaded decoders per input add up to hundreds of threads on big drafts. A thread
  // budget (--render-threads) holds for decoding too, or one export takes every core anyway.
  const bool many = inputs_.size() > 8;
  const std::string decoder_threads = many ? "1" : threads > 0 ? std::to_string(threads) : "";
  for (const auto& e : inputs_) {
    if (!decoder_threads.empty())
      a.insert(a.end(), {"-threads", decoder_threads});
    a.insert(a.end(), {"-protocol_whitelist", "file"});
    if (e.kind == input_kind::looped) {
      // Read from the start and wrapped around: the draft plays [0, last) of the endless loop.
      a.insert(a.end(), {"-stream_loop", "-1"});
      if (e.first_us != INT64_MAX)
        a.insert(a.end(), {"-t", secs(e.last_us + 1000000)});
    } else if (e.kind != input_kind::media) {
      // One frame at the canvas rate: the graph repeats it in memory instead of decoding the
      // picture again for every frame.
      a.insert(a.end(), {"-framerate", fps});
    } else if (e.first_us != INT64_MAX) {
      if (e.first_us > 0)
        a.insert(a.end(), {"-ss", secs(e.first_us)});
      // Nothing past the last needed source time is decoded; a second of slack for rounding.
      a.insert(a.end(), {"-t", secs(e.last_us - e.first_us + 1000000)});
    }
    a.insert(a.end(), e.options.begin(), e.options.end());
    // "file:" keeps names such as "concat:x" or "a|b" from being read as protocols.
    a.insert(a.end(), {"-i", "file:" + e.path});
  }
  return a;
}

} // namespace cutqueue::render
