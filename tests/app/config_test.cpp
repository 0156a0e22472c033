#include "app/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace cutqueue::app {
namespace {

TEST(Config, DefaultsMatchTheDocumentation) {
  service_config c;
  ASSERT_FALSE(parse_serve_config({}, c));
  EXPECT_EQ(c.http.host, "127.0.0.1");
  EXPECT_EQ(c.http.port, 30000);
  EXPECT_EQ(c.data_dir, "./data");
  EXPECT_EQ(c.supervisor.pipeline.output_dir, "./data/outputs");
  EXPECT_EQ(c.supervisor.max_concurrent_exports, 2u);
  EXPECT_EQ(c.supervisor.max_queued, 10000u);
  EXPECT_EQ(c.supervisor.max_attempts, 3u);
  EXPECT_EQ(c.supervisor.export_timeout, std::chrono::seconds(1800));
  EXPECT_EQ(c.supervisor.retention, std::chrono::hours(24 * 7));
  EXPECT_EQ(c.http.max_body, 64u * 1024);
  EXPECT_EQ(c.supervisor.pipeline.fetch.cache_dir, "./data/cache");
  EXPECT_EQ(c.supervisor.pipeline.fetch.cache_max_bytes, 2ull << 30);
  EXPECT_EQ(c.http.header_timeout, std::chrono::seconds(10));
  EXPECT_EQ(c.http.body_timeout, std::chrono::seconds(30));
  EXPECT_EQ(c.http.keepalive_timeout, std::chrono::seconds(75));
  // FFmpeg's inputs are named by it, and a restart recognises leftovers by it: never relative.
  EXPECT_TRUE(std::filesystem::path(c.supervisor.pipeline.work_root).is_absolute());
  EXPECT_EQ(c.supervisor.pipeline.work_root,
            (std::filesystem::current_path() / "data" / "work").string());
}

TEST(Config, ConnectionTimeouts) {
  service_config c;
  ASSERT_FALSE(parse_serve_config(
      {"--header-timeout", "2", "--body-timeout", "1m", "--keepalive-timeout=90"}, c));
  EXPECT_EQ(c.http.header_timeout, std::chrono::seconds(2));
  EXPECT_EQ(c.http.body_timeout, std::chrono::minutes(1));
  EXPECT_EQ(c.http.keepalive_timeout, std::chrono::seconds(90));
  for (const char* flag : {"--header-timeout", "--body-timeout", "--keepalive-timeout"}) {
    service_config bad;
    EXPECT_TRUE(parse_serve_config({flag, "0"}, bad)) << flag;
  }
}

TEST(Config, DownloadCacheFolderAndSize) {
  service_config c;
  ASSERT_FALSE(parse_serve_config({"--cache-dir", "/var/cache/cq", "--cache-size", "500M"}, c));
  EXPECT_EQ(c.supervisor.pipeline.fetch.cache_dir, "/var/cache/cq");
  EXPECT_EQ(c.supervisor.pipeline.fetch.cache_max_bytes, 500ull << 20);
  service_config off;
  ASSERT_FALSE(parse_serve_config({"--cache-size", "0"}, off));
  EXPECT_EQ(off.supervisor.pipeline.fetch.cache_max_bytes, 0u);
  service_config big;
  ASSERT_FALSE(parse_serve_config({"--cache-size=3G"}, big));
  EXPECT_EQ(big.supervisor.pipeline.fetch.cache_max_bytes, 3ull << 30);
  service_config bad;
  EXPECT_TRUE(parse_serve_config({"--cache-size", "lots"}, bad));
}

TEST(Config, FlagsInBothFormsAndUnits) {
  service_config c;
  ASSERT_FALSE(parse_serve_config({"--port=8080", "--data-dir", "/srv/cq", "--export-timeout",
                                   "30m", "--retention", "2d", "--max-body", "128k", "--public-url",
                                   "https://cdn.example/"},
                                  c));
  EXPECT_EQ(c.http.port, 8080);
  EXPECT_EQ(c.supervisor.pipeline.output_dir, "/srv/cq/outputs");
  EXPECT_EQ(c.supervisor.export_timeout, std::chrono::minutes(30));
  EXPECT_EQ(c.supervisor.retention, std::chrono::hours(48));
  EXPECT_EQ(c.http.output_max_age, std::chrono::hours(48)) << "outputs are cached as long as kept";
  EXPECT_EQ(c.http.max_body, 128u * 1024);
  EXPECT_EQ(c.supervisor.public_url, "https://cdn.example");
}

TEST(Config, EnvironmentIsReadAndFlagsWin) {
  ::setenv("CUTQUEUE_PORT", "9000", 1);
  ::setenv("CUTQUEUE_MAX_CONCURRENT_EXPORTS", "4", 1);
  service_config c;
  auto err = parse_serve_config({"--port", "9100"}, c);
  ::unsetenv("CUTQUEUE_PORT");
  ::unsetenv("CUTQUEUE_MAX_CONCURRENT_EXPORTS");
  ASSERT_FALSE(err) << *err;
  EXPECT_EQ(c.http.port, 9100);
  EXPECT_EQ(c.supervisor.max_concurrent_exports, 4u);
}

TEST(Config, SchedulerAndLogLevel) {
  service_config defaults;
  ASSERT_FALSE(parse_serve_config({}, defaults));
  EXPECT_EQ(defaults.scheduler.threads, 0u); // one per core, at least 2 (app/scheduler.hpp)
  EXPECT_EQ(defaults.scheduler.policy, "sharing");
  EXPECT_EQ(defaults.log_level, log::level::info);

  service_config c;
  ASSERT_FALSE(parse_serve_config(
      {"--caf-threads", "3", "--caf-policy=stealing", "--log-level", "debug"}, c));
  EXPECT_EQ(c.scheduler.threads, 3u);
  EXPECT_EQ(c.scheduler.policy, "stealing");
  EXPECT_EQ(c.log_level, log::level::debug);

  ::setenv("CUTQUEUE_CAF_THREADS", "5", 1);
  ::setenv("CUTQUEUE_CAF_POLICY", "stealing", 1);
  ::setenv("CUTQUEUE_LOG_LEVEL", "warn", 1);
  service_config env;
  auto err = parse_serve_config({"--caf-policy", "sharing"}, env);
  ::unsetenv("CUTQUEUE_CAF_THREADS");
  ::unsetenv("CUTQUEUE_CAF_POLICY");
  ::unsetenv("CUTQUEUE_LOG_LEVEL");
  ASSERT_FALSE(err) << *err;
  EXPECT_EQ(env.scheduler.threads, 5u);
  EXPECT_EQ(env.scheduler.policy, "sharing"); // the flag wins
  EXPECT_EQ(env.log_level, log::level::warn);
}

TEST(Config, SchedulerAndLogLevelRefuseUnknownValuesAndSayWhatIsAccepted) {
  service_config c;
  EXPECT_EQ(parse_serve_config({"--caf-policy", "fast"}, c),
            "invalid value 'fast' for --caf-policy (one of: sharing, stealing)");
  EXPECT_EQ(parse_serve_config({"--log-level=verbose"}, c),
            "invalid value 'verbose' for --log-level (one of: debug, info, warn, error)");
  EXPECT_EQ(parse_serve_config({"--caf-threads", "0"}, c), "invalid value '0' for --caf-threads");
  ::setenv("CUTQUEUE_CAF_POLICY", "Sharing", 1);
  auto err = parse_serve_config({}, c);
  ::unsetenv("CUTQUEUE_CAF_POLICY");
  EXPECT_EQ(err, "invalid value 'Sharing' in CUTQUEUE_CAF_POLICY (one of: sharing, stealing)");
}

TEST(Config, BadValuesNameTheFlag) {
  for (std::vector<std::string> args : {std::vector<std::string>{"--port", "70000"},
                                        {"--max-concurrent-exports", "0"},
                                        {"--export-timeout", "soon"},
                                        {"--bogus", "1"},
                                        {"--port"},
                                        {"serve"},
                                        {"--public-url", "not a url"}}) {
    service_config c;
    auto err = parse_serve_config(args, c);
    ASSERT_TRUE(err) << args[0];
    EXPECT_FALSE(err->empty());
  }
}

} // namespace
} // namespace cutqueue::app
