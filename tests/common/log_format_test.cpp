// Log lines in both formats.
#include "common/log.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace cutqueue::log {
namespace {

TEST(LogFormat, TextAndJsonLines) {
  EXPECT_EQ(render_line(format::text, level::warn, 0, "x"), "1970-01-01T00:00:00.000Z WARN  x");
  EXPECT_EQ(render_line(format::json, level::info, 0, "a \"b\"\n"),
            R"({"time":"1970-01-01T00:00:00.000Z","level":"info","message":"a \"b\"\n"})");
  // Invalid UTF-8 (a URL can hold anything) still makes valid JSON.
  auto line = render_line(format::json, level::error, 0, "bad \xff byte");
  EXPECT_FALSE(nlohmann::json::parse(line, nullptr, false).is_discarded()) << line;
}

} // namespace
} // namespace cutqueue::log
