// Runs a program as a child process (argv, never a shell) in its own process group, streaming
// its stdout, keeping the tail of its stderr, and killing the whole group on cancel or timeout.
#pragma once

#include "common/cancel_token.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace cutqueue {

struct process_options {
  /// Called once per complete stdout line (without '\n'). When empty, stdout is collected into
  /// process_outcome::out instead (capped at max_stdout_bytes).
  std::function<void(const std::string& line)> on_stdout_line;
  size_t max_stdout_bytes = 8 << 20;
  size_t stderr_tail_bytes = 4096;
  const cancel_token* cancel = nullptr; ///< polled every poll_interval
  std::chrono::milliseconds timeout{0}; ///< 0: no limit
  /// Polled with `cancel`: true kills the group and sets process_outcome::stalled (a caller's
  /// own notion of "no longer getting anywhere", e.g. FFmpeg's output time standing still).
  std::function<bool()> stalled;
  std::chrono::milliseconds poll_interval{50};
};

struct process_outcome {
  bool started = false;    ///< false: could not spawn (see error)
  int exit_code = -1;      ///< exit status, or 128 + signal number
  bool cancelled = false;  ///< killed because the token was cancelled
  bool timed_out = false;  ///< killed because `timeout` passed
  bool stalled = false;    ///< killed because `stalled` said so
  std::string out;         ///< stdout when no line callback was given
  std::string stderr_tail; ///< the last stderr_tail_bytes bytes
  std::string error;       ///< spawn failure reason
  bool ok() const { return started && !cancelled && !timed_out && !stalled && exit_code == 0; }
};

/// Spawns argv[0] (PATH lookup) with stdin = /dev/null and waits for it. The child always is
/// reaped before returning; on cancel/timeout its process group gets SIGKILL. Never throws.
process_outcome run_process(const std::vector<std::string>& argv, const process_options& opt);

} // namespace cutqueue
