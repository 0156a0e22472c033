// Runs one FFmpeg command (argv including `-progress pipe:1 -nostats`) and reports how far the
// output has got, from the progress blocks FFmpeg prints on stdout.
#pragma once

#include "render/cancel_token.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace cutqueue::render {

struct ffmpeg_outcome {
  bool started = false;
  int exit_code = -1;      ///< 128 + signal when killed
  bool cancelled = false;  ///< the token was cancelled and the process group killed
  std::string stderr_tail; ///< last ~4 KB of FFmpeg's stderr, for error messages
  std::string error;       ///< could not start FFmpeg
  bool ok() const { return started && !cancelled && exit_code == 0; }
};

/// Spawns argv (argv[0] is the ffmpeg binary) in its own process group and waits for it,
/// checking `cancel` every few tens of milliseconds (SIGKILL to the group when set). Calls
/// `on_progress` with each `out_time_us` value (microseconds of output written; `out_time_ms`
/// is ignored because FFmpeg fills it with microseconds too). The child is always reaped.
ffmpeg_outcome run_ffmpeg(const std::vector<std::string>& argv, const cancel_token& cancel,
                          const std::function<void(int64_t out_time_us)>& on_progress);

/// A one-line reason from FFmpeg's stderr tail: its last non-empty line, trimmed to 300 chars.
std::string ffmpeg_error_reason(const ffmpeg_outcome& o);

} // namespace cutqueue::render
