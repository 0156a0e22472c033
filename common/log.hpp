// One-line, timestamped log records on stderr. Every layer logs through here so that an operator
// reads a single stream: "2026-11-28T10:30:00.123Z INFO  task ... pending -> processing".
#pragma once

#include <sstream>
#include <string>

namespace cutqueue::log {

enum class level { debug, info, warn, error };

/// Sets the lowest level that is printed (default: info).
void set_level(level lvl);

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
