// The security flags: SSRF guard, download limits and API keys, from flags and environment.
#include "app/config.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

namespace cutqueue::app {
namespace {

TEST(SecurityConfig, DefaultsAreOpenButLimited) {
  service_config c;
  ASSERT_FALSE(parse_serve_config({}, c));
  const auto& p = c.supervisor.pipeline;
  EXPECT_FALSE(p.fetch.network.deny_private_networks);
  EXPECT_TRUE(p.fetch.network.allow_hosts.empty());
  EXPECT_EQ(p.fetch.max_file_download, int64_t{2} << 30);
  EXPECT_EQ(p.fetch.max_task_download, int64_t{8} << 30);
  EXPECT_TRUE(c.http.api_keys.empty());
}

TEST(SecurityConfig, NetworkFlags) {
  service_config c;
  ASSERT_FALSE(parse_serve_config({"--deny-private-networks", "--allow-hosts",
                                   "Capcut-Mate.example.com,*.cdn.example.net", "--port", "1"},
                                  c));
  EXPECT_TRUE(c.supervisor.pipeline.fetch.network.deny_private_networks);
  EXPECT_EQ(c.supervisor.pipeline.fetch.network.allow_hosts,
            (std::vector<std::string>{"capcut-mate.example.com", "*.cdn.example.net"}));
  EXPECT_EQ(c.http.port, 1) << "a switch does not swallow the next argument";
  service_config off;
  ASSERT_FALSE(parse_serve_config({"--deny-private-networks=false"}, off));
  EXPECT_FALSE(off.supervisor.pipeline.fetch.network.deny_private_networks);
  service_config bad;
  EXPECT_EQ(parse_serve_config({"--deny-private-networks=maybe"}, bad),
            "invalid value 'maybe' for --deny-private-networks");
  EXPECT_TRUE(parse_serve_config({"--allow-hosts", "a.com,,b.com"}, bad));
}

TEST(SecurityConfig, NetworkFlagsFromTheEnvironment) {
  ::setenv("CUTQUEUE_DENY_PRIVATE_NETWORKS", "1", 1);
  ::setenv("CUTQUEUE_ALLOW_HOSTS", "a.com", 1);
  service_config c;
  auto err = parse_serve_config({}, c);
  service_config flag_wins;
  auto err2 = parse_serve_config({"--deny-private-networks=0"}, flag_wins);
  ::unsetenv("CUTQUEUE_DENY_PRIVATE_NETWORKS");
  ::unsetenv("CUTQUEUE_ALLOW_HOSTS");
  ASSERT_FALSE(err);
  ASSERT_FALSE(err2);
  EXPECT_TRUE(c.supervisor.pipeline.fetch.network.deny_private_networks);
  EXPECT_EQ(c.supervisor.pipeline.fetch.network.allow_hosts, std::vector<std::string>{"a.com"});
  EXPECT_FALSE(flag_wins.supervisor.pipeline.fetch.network.deny_private_networks);
}

TEST(SecurityConfig, DownloadLimits) {
  service_config c;
  ASSERT_FALSE(parse_serve_config({"--max-download-size", "64k", "--max-task-download=3G"}, c));
  EXPECT_EQ(c.supervisor.pipeline.fetch.max_file_download, 64 * 1024);
  EXPECT_EQ(c.supervisor.pipeline.fetch.max_task_download, int64_t{3} << 30);
  service_config unlimited;
  ASSERT_FALSE(
      parse_serve_config({"--max-download-size", "0", "--max-task-download", "0"}, unlimited));
  EXPECT_EQ(unlimited.supervisor.pipeline.fetch.max_file_download, 0);
  EXPECT_EQ(unlimited.supervisor.pipeline.fetch.max_task_download, 0);
  service_config bad;
  EXPECT_TRUE(parse_serve_config({"--max-download-size", "big"}, bad));
  EXPECT_TRUE(parse_serve_config({"--max-task-download", "-1"}, bad));
}

TEST(SecurityConfig, ApiKeysRepeatableAndFromAFile) {
  cutqueue::testing::temp_dir dir("keys-config");
  const std::string file = dir.path() + "/keys";
  std::ofstream(file) << "# ops\nfile-key-1\n\nfile-key-2\n";
  service_config c;
  ASSERT_FALSE(parse_serve_config(
      {"--api-key", "flag-key-1", "--api-key=flag-key-2", "--api-key-file", file}, c));
  EXPECT_EQ(c.http.api_keys,
            (std::vector<std::string>{"flag-key-1", "flag-key-2", "file-key-1", "file-key-2"}));
}

TEST(SecurityConfig, ApiKeyFromTheEnvironmentIsReplacedByFlags) {
  ::setenv("CUTQUEUE_API_KEY", "env-key", 1);
  service_config env_only;
  auto err = parse_serve_config({}, env_only);
  service_config flags;
  auto err2 = parse_serve_config({"--api-key", "a", "--api-key", "b"}, flags);
  ::unsetenv("CUTQUEUE_API_KEY");
  ASSERT_FALSE(err);
  ASSERT_FALSE(err2);
  EXPECT_EQ(env_only.http.api_keys, std::vector<std::string>{"env-key"});
  EXPECT_EQ(flags.http.api_keys, (std::vector<std::string>{"a", "b"}));
}

TEST(SecurityConfig, KeysNeverAppearInMessages) {
  service_config c;
  auto bad = parse_serve_config({"--api-key", "top secret"}, c);
  ASSERT_TRUE(bad);
  EXPECT_EQ(*bad, "invalid value for --api-key");
  ::setenv("CUTQUEUE_API_KEY", "also secret", 1);
  service_config e;
  auto env_bad = parse_serve_config({}, e);
  ::unsetenv("CUTQUEUE_API_KEY");
  ASSERT_TRUE(env_bad);
  EXPECT_EQ(env_bad->find("secret"), std::string::npos) << *env_bad;

  cutqueue::testing::temp_dir dir("keys-config");
  const std::string file = dir.path() + "/keys";
  std::ofstream(file) << "ok-key\nsecret with spaces\n";
  service_config f;
  auto file_bad = parse_serve_config({"--api-key-file", file}, f);
  ASSERT_TRUE(file_bad);
  EXPECT_EQ(*file_bad, "--api-key-file: " + file + ", line 2: invalid key");
  service_config missing;
  EXPECT_TRUE(parse_serve_config({"--api-key-file", file + ".nope"}, missing));

  service_config good;
  ASSERT_FALSE(parse_serve_config({"--api-key", "k-123"}, good));
  EXPECT_EQ(serve_usage().find("k-123"), std::string::npos);
  EXPECT_NE(serve_usage().find("--api-key-file"), std::string::npos);
  EXPECT_NE(serve_usage().find("--deny-private-networks"), std::string::npos);
}

} // namespace
} // namespace cutqueue::app
