#include "app/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace cutqueue::app {
namespace {

TEST(UnsupportedFeaturesFlag, SkipByDefaultFailOnRequestAnythingElseRefused) {
  service_config c;
  ASSERT_FALSE(parse_serve_config({}, c));
  EXPECT_FALSE(c.supervisor.pipeline.fail_on_unsupported);
  service_config f;
  ASSERT_FALSE(parse_serve_config({"--unsupported-features", "fail"}, f));
  EXPECT_TRUE(f.supervisor.pipeline.fail_on_unsupported);
  service_config s;
  ASSERT_FALSE(parse_serve_config({"--unsupported-features=skip"}, s));
  EXPECT_FALSE(s.supervisor.pipeline.fail_on_unsupported);
  service_config bad;
  auto err = parse_serve_config({"--unsupported-features", "ignore"}, bad);
  ASSERT_TRUE(err);
  EXPECT_EQ(*err, "invalid value 'ignore' for --unsupported-features");
}

TEST(UnsupportedFeaturesFlag, EnvironmentTwinAndTheFlagWins) {
  ::setenv("CUTQUEUE_UNSUPPORTED_FEATURES", "fail", 1);
  service_config env;
  auto err = parse_serve_config({}, env);
  service_config flag;
  auto err2 = parse_serve_config({"--unsupported-features", "skip"}, flag);
  ::unsetenv("CUTQUEUE_UNSUPPORTED_FEATURES");
  ASSERT_FALSE(err);
  ASSERT_FALSE(err2);
  EXPECT_TRUE(env.supervisor.pipeline.fail_on_unsupported);
  EXPECT_FALSE(flag.supervisor.pipeline.fail_on_unsupported);
}

} // namespace
} // namespace cutqueue::app
