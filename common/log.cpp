#include "common/log.hpp"

#include "common/clock.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdio>
#include <unistd.h>

namespace cutqueue::log {

namespace {

std::atomic<level> min_level{level::info};
std::atomic<format> line_format{format::text};

const char* tag(level lvl) {
  switch (lvl) {
  case level::debug:
    return "DEBUG";
  case level::info:
    return "INFO ";
  case level::warn:
    return "WARN ";
  default:
    return "ERROR";
  }
}

const char* name(level lvl) {
  switch (lvl) {
  case level::debug:
    return "debug";
  case level::info:
    return "info";
  case level::warn:
    return "warn";
  default:
    return "error";
  }
}

} // namespace

void set_level(level lvl) {
  min_level = lvl;
}

void set_format(format f) {
  line_format = f;
}

std::string render_line(format f, level lvl, int64_t epoch_ms, const std::string& message) {
  if (f == format::text)
    return clock::format_iso8601(epoch_ms) + " " + tag(lvl) + " " + message;
  nlohmann::ordered_json j;
  j["time"] = clock::format_iso8601(epoch_ms);
  j["level"] = name(lvl);
  j["message"] = message;
  // A URL or an FFmpeg message may hold any bytes; the line must stay valid JSON.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void write(level lvl, const std::string& line) {
  if (lvl < min_level.load())
    return;
  auto text = render_line(line_format.load(), lvl, clock::now_ms(), line) + "\n";
  // A single write(2) keeps lines whole across threads and processes sharing stderr.
  auto rc = ::write(STDERR_FILENO, text.data(), text.size());
  (void)rc;
}

} // namespace cutqueue::log
