// The scheduler and log flags on the real binary: a bad value stops it before it binds, with
// the flag and the accepted values named; --log-level changes what reaches the log.
#include "tests/e2e/e2e_support.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <sstream>

namespace cutqueue::testing {
namespace {

std::string read_log(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ConfigE2e, UnknownSchedulerPolicyStopsTheServerAndNamesTheChoices) {
  temp_dir data("cutqueue-badpolicy");
  child_process proc({CUTQUEUE_BINARY, "serve", "--data-dir", data.path(), "--port", "0"},
                     {{"CUTQUEUE_CAF_POLICY", "round-robin"}}, data.path() + "/out.log");
  auto rc = proc.wait(10s);
  ASSERT_TRUE(rc) << "the server started with an unknown policy";
  EXPECT_EQ(*rc, 2);
  auto log = read_log(data.path() + "/out.log");
  EXPECT_NE(log.find("invalid value 'round-robin' in CUTQUEUE_CAF_POLICY (one of: sharing, "
                     "stealing)"),
            std::string::npos)
      << log;
}

TEST(ConfigE2e, LogLevelWarnKeepsInfoLinesOut) {
  temp_dir data("cutqueue-loglevel");
  {
    cutqueue_server srv(data.path(), {"--log-level", "warn", "--caf-threads", "2"});
    ASSERT_EQ(http_get(srv.base_url() + "/healthz").status, 200);
    srv.process().signal(SIGTERM);
    ASSERT_TRUE(srv.process().wait(15s));
    EXPECT_EQ(srv.log_text().find(" INFO "), std::string::npos) << srv.log_text();
  }
  temp_dir verbose("cutqueue-loglevel-info");
  cutqueue_server srv(verbose.path());
  EXPECT_NE(srv.log_text().find(" INFO  listening on "), std::string::npos) << srv.log_text();
}

} // namespace
} // namespace cutqueue::testing
