// Operations: --log-format json writes one JSON object per line, and the example systemd unit
// passes `systemd-analyze verify` (with ExecStart pointed at the binary under test).
#include "tests/e2e/e2e_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace cutqueue::testing {
namespace {

TEST(OperationsE2e, JsonLogsAreOneObjectPerLine) {
  temp_dir data{"cutqueue-jsonlog"};
  cutqueue_server srv{data.path(), {"--log-format", "json"}};
  // A task that fails names its URL and reason in the log: any bytes must stay valid JSON.
  auto url = "http://127.0.0.1:9/get_draft?draft_id=\"quoted\"";
  ASSERT_EQ(submit(srv, url).status, 200);
  wait_terminal(srv, url);
  std::istringstream in(srv.log_text());
  int lines = 0;
  bool saw_task = false;
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_TRUE(j.is_object()) << line;
    EXPECT_TRUE(j["time"].is_string()) << line;
    EXPECT_TRUE(j["level"] == "info" || j["level"] == "warn" || j["level"] == "error") << line;
    EXPECT_TRUE(j["message"].is_string()) << line;
    saw_task = saw_task || j["message"].get<std::string>().find("-> failed") != std::string::npos;
    ++lines;
  }
  EXPECT_GE(lines, 3);
  EXPECT_TRUE(saw_task) << srv.log_text();
}

TEST(OperationsE2e, ExampleSystemdUnitVerifies) {
  if (run({"systemd-analyze", "--version"}).exit_code != 0) {
    if (std::getenv("CI"))
      FAIL() << "systemd-analyze missing (Debian's systemd package)";
    GTEST_SKIP() << "systemd-analyze not installed";
  }
  std::ifstream in(std::string(CUTQUEUE_SOURCE_DIR) + "/examples/cutqueue.service");
  std::stringstream unit;
  unit << in.rdbuf();
  auto text = unit.str();
  ASSERT_NE(text.find("ExecStart=/usr/local/bin/cutqueue serve"), std::string::npos);
  // verify checks that ExecStart's program exists: use the one under test.
  auto exec = text.find("ExecStart=/usr/local/bin/cutqueue") + std::string("ExecStart=").size();
  text.replace(exec, std::string("/usr/local/bin/cutqueue").size(), CUTQUEUE_BINARY);
  temp_dir dir{"cutqueue-unit"};
  auto path = dir.path() + "/cutqueue.service";
  std::ofstream(path) << text;
  auto r = run({"sh", "-c", "systemd-analyze verify '" + path + "' 2>&1"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "") << "warnings";
}

} // namespace
} // namespace cutqueue::testing
