// --chunk-seconds for serve and worker: the default, decimals, 0 for never, the environment
// twin, the chunk folder beside the work folder, and clear refusals of values that make no sense.
#include "app/config.hpp"
#include "app/worker.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace cutqueue::app {
namespace {

TEST(ChunkConfig, DefaultThirtySecondsWithTheChunkFolderInTheDataFolder) {
  service_config c;
  ASSERT_FALSE(parse_serve_config({"--data-dir", "/var/lib/cq"}, c));
  EXPECT_EQ(c.supervisor.pipeline.chunk_seconds, 30);
  EXPECT_EQ(c.supervisor.pipeline.chunk_root, "/var/lib/cq/chunks");
}

TEST(ChunkConfig, DecimalsZeroAndTheEnvironmentTwin) {
  service_config a;
  ASSERT_FALSE(parse_serve_config({"--chunk-seconds", "2.5"}, a));
  EXPECT_DOUBLE_EQ(a.supervisor.pipeline.chunk_seconds, 2.5);
  service_config b;
  ASSERT_FALSE(parse_serve_config({"--chunk-seconds=0"}, b));
  EXPECT_EQ(b.supervisor.pipeline.chunk_seconds, 0) << "0 renders every draft in one job";
  ::setenv("CUTQUEUE_CHUNK_SECONDS", "45", 1);
  service_config c;
  auto err = parse_serve_config({}, c);
  ::unsetenv("CUTQUEUE_CHUNK_SECONDS");
  ASSERT_FALSE(err) << *err;
  EXPECT_EQ(c.supervisor.pipeline.chunk_seconds, 45);
}

TEST(ChunkConfig, RefusesValuesThatMakeNoSense) {
  for (const char* bad : {"0.2", "-1", "abc", "4000", "", "30s"}) {
    service_config c;
    auto err = parse_serve_config({"--chunk-seconds", bad}, c);
    ASSERT_TRUE(err) << bad;
    EXPECT_NE(err->find("--chunk-seconds"), std::string::npos) << *err;
  }
}

TEST(ChunkConfig, WorkersFollowTheCoordinatorsChunkLength) {
  // A worker renders with the chunk length the coordinator sends with each export, so that the
  // chunks of one task match on every node: it has no flag of its own.
  worker_settings w;
  auto err = parse_worker_config(
      {"--join", "c.lan:30001", "--secret", "a-secret-of-enough-length", "--data-dir", "/tmp/w"},
      w);
  ASSERT_FALSE(err) << *err;
  EXPECT_EQ(w.node.pipeline.chunk_root, "/tmp/w/chunks");
  worker_settings bad;
  auto refused = parse_worker_config(
      {"--join", "c.lan:30001", "--secret", "a-secret-of-enough-length", "--chunk-seconds", "10"},
      bad);
  ASSERT_TRUE(refused);
  EXPECT_NE(refused->find("--chunk-seconds"), std::string::npos) << *refused;
}

} // namespace
} // namespace cutqueue::app
