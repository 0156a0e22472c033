#include "common/log.hpp"

#include "common/clock.hpp"

#include <atomic>
#include <cstdio>
#include <unistd.h>

namespace cutqueue::log {

namespace {

std::atomic<level> min_level{level::info};

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

} // namespace

void set_level(level lvl) {
  min_level = lvl;
}

void write(level lvl, const std::string& line) {
  if (lvl < min_level.load())
    return;
  auto text = clock::format_iso8601(clock::now_ms()) + " " + tag(lvl) + " " + line + "\n";
  // A single write(2) keeps lines whole across threads and processes sharing stderr.
  auto rc = ::write(STDERR_FILENO, text.data(), text.size());
  (void)rc;
}

} // namespace cutqueue::log
