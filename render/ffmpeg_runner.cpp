#include "render/ffmpeg_runner.hpp"

#include "render/curve.hpp"

#include <algorithm>
#include <cstdlib>

namespace cutqueue::render {

ffmpeg_outcome run_ffmpeg(const std::vector<std::string>& argv, const cancel_token& cancel,
                          const std::function<void(int64_t)>& on_progress,
                          const ffmpeg_watch& watch) {
  using clock = std::chrono::steady_clock;
  int64_t last_us = -1;
  auto last_change = clock::now();
  process_options opt;
  opt.cancel = &cancel;
  opt.stderr_tail_bytes = 4096;
  opt.on_stdout_line = [&](const std::string& line) {
    static const std::string key = "out_time_us=";
    if (line.compare(0, key.size(), key) != 0)
      return;
    // "N/A" appears before the first packet is written; strtoll leaves end == begin then.
    const char* begin = line.c_str() + key.size();
    char* end = nullptr;
    long long v = std::strtoll(begin, &end, 10);
    if (end == begin || v < 0)
      return;
    if (v > last_us) {
      last_us = v;
      last_change = clock::now();
    }
    if (on_progress)
      on_progress(static_cast<int64_t>(v));
  };
  if (watch.end_us > 0)
    opt.stalled = [&] {
      return last_us < watch.end_us - 1000000 && clock::now() - last_change > watch.stall_limit;
    };
  auto o = run_process(argv, opt);
  if (o.stalled) {
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(watch.stall_limit).count();
    o.error = "FFmpeg stopped making progress (output stuck at " +
              decimal(std::max<int64_t>(0, last_us) / 1e6, 2) + " s of " +
              decimal(watch.end_us / 1e6, 2) + " s for " + std::to_string(secs) +
              " s) and was stopped";
  }
  return o;
}

std::string ffmpeg_error_reason(const ffmpeg_outcome& o) {
  if (!o.started)
    return o.error.empty() ? "ffmpeg did not start" : o.error;
  if (o.stalled)
    return o.error;
  std::string s = o.stderr_tail;
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' '))
    s.pop_back();
  auto nl = s.find_last_of('\n');
  std::string line = nl == std::string::npos ? s : s.substr(nl + 1);
  // On a full or read-only disk ffmpeg's last line is a generic epilogue ("Error initializing
  // output stream 0:1 --"); the earlier line naming the system error says what to fix.
  for (const char* os_error : {"No space left on device", "Disk quota exceeded",
                               "Read-only file system", "Input/output error"}) {
    auto at = s.rfind(os_error);
    if (at == std::string::npos)
      continue;
    auto begin = s.rfind('\n', at);
    auto end = s.find('\n', at);
    begin = begin == std::string::npos ? 0 : begin + 1;
    line = s.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
    break;
  }
  if (line.empty())
    line = "ffmpeg exited with status " + std::to_string(o.exit_code);
  if (line.size() > 300)
    line = line.substr(0, 300);
  return line;
}

namespace {

/// FFmpeg failures that happen in the encoder/muxer rather than in decoding or filtering.
bool looks_like_encoder_error(const std::string& tail) {
  for (const char* marker : {"Error while opening encoder", "Error initializing output stream",
                             "encoder", "Error writing trailer", "No space left on device"})
    if (tail.find(marker) != std::string::npos)
      return true;
  return false;
}

} // namespace

std::string ffmpeg_failure_text(const ffmpeg_outcome& o) {
  return (looks_like_encoder_error(o.stderr_tail) ? "Encoding failed: "
                                                  : "Video rendering failed: ") +
         ffmpeg_error_reason(o);
}

} // namespace cutqueue::render
