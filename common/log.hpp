// One-line, timestamped log records on stderr. Every layer logs through here so that an operator
// reads a single stream: "2026-11-28T10:30:00.123Z INFO  task ... pending -> processing".
#pragma once

#include <cstdint>
#include <sstream>
#include <string>

namespace cutqueue::log {

enum class level { debug, info, warn, error };

/// text: `<time> INFO  <message>`; json: one object per line,
/// `{"time":"...","level":"info","message":"..."}`, for log collectors.
enum class format { text, json };

/// Sets the lowest level that is printed (default: info).
void set_level(level lvl);

/// Sets the line format (default: text).
void set_format(format f);

/// One line of `f` (without its newline); separate so the format is unit-tested.
std::string render_line(format f, level lvl, int64_t epoch_ms, const std::string& message);

/// Writes one complete line atomically (lines of concurrent threads never interleave).
void write(level lvl, const std::string& line);

namespace detail {
template <class... Ts>
std::string concat(const Ts&... xs) {
  std::ostringstream os;
  (os << ... << xs);
  return os.str();
}
} // namespace detail

template <class... Ts>
void info(const Ts&... xs) {
  write(level::info, detail::concat(xs...));
}

template <class... Ts>
void warn(const Ts&... xs) {
  write(level::warn, detail::concat(xs...));
}

template <class... Ts>
void error(const Ts&... xs) {
  write(level::error, detail::concat(xs...));
}

template <class... Ts>
void debug(const Ts&... xs) {
  write(level::debug, detail::concat(xs...));
}

} // namespace cutqueue::log
