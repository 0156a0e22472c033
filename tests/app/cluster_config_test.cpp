// The flags of worker nodes: `serve --cluster-*`, `--local-slots`, `--render-threads` and
// `cutqueue worker`, with their environment twins.
#include "app/config.hpp"
#include "app/worker.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace cutqueue::app {
namespace {

constexpr const char* secret = "a-secret-of-enough-length";

TEST(ClusterConfig, OffByDefault) {
  service_config c;
  ASSERT_FALSE(parse_serve_config({}, c));
  EXPECT_FALSE(c.cluster.port);
  EXPECT_EQ(c.supervisor.pipeline.render_threads, 0);
}

TEST(ClusterConfig, SecretFromTheEnvironmentAndHostFromHost) {
  ::setenv("CUTQUEUE_CLUSTER_SECRET", secret, 1);
  service_config c;
  auto err = parse_serve_config({"--host", "10.0.0.1", "--cluster-port", "30001", "--local-slots",
                                 "0", "--render-threads", "1", "--cluster-lease", "2m"},
                                c);
  ::unsetenv("CUTQUEUE_CLUSTER_SECRET");
  ASSERT_FALSE(err) << *err;
  EXPECT_EQ(c.cluster.port, 30001);
  EXPECT_EQ(c.cluster.secret, secret);
  EXPECT_EQ(c.cluster.host, "10.0.0.1");
  EXPECT_EQ(c.cluster.lease, std::chrono::minutes(2));
  EXPECT_EQ(c.supervisor.max_concurrent_exports, 0u);
  EXPECT_EQ(c.supervisor.pipeline.render_threads, 1);
}

TEST(ClusterConfig, RefusesWhatCannotWork) {
  service_config a;
  auto err = parse_serve_config({"--cluster-port", "30001"}, a);
  ASSERT_TRUE(err);
  EXPECT_NE(err->find("--cluster-secret"), std::string::npos) << *err;
  service_config b;
  err = parse_serve_config({"--local-slots", "0"}, b);
  ASSERT_TRUE(err);
  EXPECT_NE(err->find("--cluster-port"), std::string::npos) << *err;
  // A short secret is refused without being repeated.
  service_config c;
  err = parse_serve_config({"--cluster-port", "1", "--cluster-secret", "short-one"}, c);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->find("short-one"), std::string::npos) << *err;
  service_config d;
  err = parse_serve_config({"--cluster-port", "1", "--cluster-secret", secret,
                            "--cluster-heartbeat", "10", "--cluster-timeout", "5"},
                           d);
  ASSERT_TRUE(err);
}

TEST(WorkerConfig, FlagsAndTheSharedSecretVariable) {
  ::setenv("CUTQUEUE_CLUSTER_SECRET", secret, 1);
  ::setenv("CUTQUEUE_SLOTS", "3", 1);
  worker_settings w;
  auto err =
      parse_worker_config({"--join", "coordinator.lan:30001", "--data-dir", "/tmp/w",
                           "--render-threads", "1", "--deny-private-networks", "1", "--allow-hosts",
                           "cdn.example.com", "--resource-dir", "/srv/jianying"},
                          w);
  ::unsetenv("CUTQUEUE_CLUSTER_SECRET");
  ::unsetenv("CUTQUEUE_SLOTS");
  ASSERT_FALSE(err) << *err;
  EXPECT_EQ(w.node.host, "coordinator.lan");
  EXPECT_EQ(w.node.port, 30001);
  EXPECT_EQ(w.node.secret, secret);
  EXPECT_EQ(w.node.slots, 3u);
  EXPECT_EQ(w.node.pipeline.render_threads, 1);
  EXPECT_EQ(w.node.pipeline.work_root, "/tmp/w/work");
  EXPECT_FALSE(w.node.node_name.empty());
  EXPECT_TRUE(w.node.pipeline.fetch.network.deny_private_networks);
  EXPECT_EQ(w.node.pipeline.fetch.network.allow_hosts.size(), 1u);
  EXPECT_EQ(w.node.pipeline.resource_dir, "/srv/jianying");
}

TEST(WorkerConfig, RefusesMissingOrMalformedValues) {
  worker_settings a;
  auto err = parse_worker_config({"--secret", secret}, a);
  ASSERT_TRUE(err);
  EXPECT_NE(err->find("--join"), std::string::npos) << *err;
  worker_settings b;
  EXPECT_TRUE(parse_worker_config({"--join", "no-port", "--secret", secret}, b));
  worker_settings c;
  EXPECT_TRUE(parse_worker_config({"--join", "h:1", "--secret", secret, "--slots", "0"}, c));
  worker_settings d;
  err = parse_worker_config({"--join", "h:1", "--secret", "tiny"}, d);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->find("tiny"), std::string::npos) << *err;
}

} // namespace
} // namespace cutqueue::app
