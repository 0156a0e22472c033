// Runs one FFmpeg command (argv including `-progress pipe:1 -nostats`) and reports how far the
// output has got, from the progress blocks FFmpeg prints on stdout.
#pragma once

#include "common/cancel_token.hpp"
#include "common/subprocess.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace cutqueue::render {

/// stderr_tail keeps FFmpeg's last 4 KiB of stderr, for error messages; stdout is consumed by
/// the progress callback. A run stopped by its watch has `stalled` set and `error` says how far
/// it got.
using ffmpeg_outcome = process_outcome;

/// When FFmpeg's output stops growing. A graph FFmpeg cannot advance (seen with FFmpeg 5.1)
/// leaves it idling for good while it still prints progress; the export timeout would end it
/// only after half an hour.
struct ffmpeg_watch {
  /// out_time_us at which the output is complete; 0: not watched. Within a second of it the
  /// run is finishing (flushing, writing the trailer, the faststart rewrite) and is let be.
  int64_t end_us = 0;
  /// How long the output time may stand still (from the start, too: the first packet).
  std::chrono::milliseconds stall_limit{std::chrono::minutes(5)};
};

/// Spawns argv (argv[0] is the ffmpeg binary) in its own process group and waits for it,
/// checking `cancel` every few tens of milliseconds (SIGKILL to the group when set) and, when
/// `watch` has an end, whether the output time still moves (SIGKILL when it stood still for
/// the watch's limit). Calls `on_progress` with each `out_time_us` value (microseconds of
/// output written; `out_time_ms` is ignored because FFmpeg fills it with microseconds too). The
/// child is always reaped.
ffmpeg_outcome run_ffmpeg(const std::vector<std::string>& argv, const cancel_token& cancel,
                          const std::function<void(int64_t out_time_us)>& on_progress,
                          const ffmpeg_watch& watch = {});

/// A one-line reason from FFmpeg's stderr tail: its last non-empty line, trimmed to 300 chars;
/// for a stalled run, how far it got and for how long it stood still.
std::string ffmpeg_error_reason(const ffmpeg_outcome& o);

/// api.md's error_message for a failed run: "Encoding failed: <reason>" when it failed in the
/// encoder or muxer, else "Video rendering failed: <reason>".
std::string ffmpeg_failure_text(const ffmpeg_outcome& o);

} // namespace cutqueue::render
