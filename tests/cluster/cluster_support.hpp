// A coordinator (`cutqueue serve --cluster-port`) and worker nodes (`cutqueue worker`) as real
// processes, each with its own data folder and log, the API calls the cluster tests make, and a
// relay that cuts a worker's link without privileges.
#pragma once

#include "tests/support/support.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace cutqueue::testing {

/// A loopback port nobody listened on a moment ago (bound to 0, then closed).
int free_port();

constexpr const char* cluster_secret = "test-cluster-secret-0123456789";

/// Fast failure detection for tests: heartbeats every second, a node silent for 3 s is lost.
const std::vector<std::string>& fast_cluster_timing();

/// The addresses a coordinator listens on. Workers upload to `http` (the default --public-url).
struct coordinator_hosts {
  std::string http = "127.0.0.1";
  std::string cluster = "127.0.0.1";
};

/// `cutqueue serve` with fixed HTTP and cluster ports, so that a restart gets the same ones.
class coordinator_process {
public:
  coordinator_process(std::string data_dir, std::vector<std::string> extra_args = {},
                      coordinator_hosts hosts = {});
  /// Starts (again, after kill()); waits for /healthz 200 and fails the test otherwise.
  void start();
  void kill() { proc_.reset(); }
  child_process& process() { return *proc_; }
  std::string base_url() const {
    return "http://" + hosts_.http + ":" + std::to_string(http_port_);
  }
  std::string join_address() const { return hosts_.cluster + ":" + std::to_string(cluster_port_); }
  int cluster_port() const { return cluster_port_; }
  std::string log_text() const;
  nlohmann::json health() const;
  /// Nodes /healthz lists besides "local".
  size_t worker_nodes() const;

  http_response submit(const std::string& draft_url) const;
  nlohmann::json status(const std::string& draft_url) const;
  /// Polls until the task is completed or failed; returns the last status body.
  nlohmann::json wait_terminal(const std::string& draft_url,
                               std::chrono::milliseconds deadline) const;

private:
  std::string data_dir_;
  std::vector<std::string> extra_args_;
  coordinator_hosts hosts_;
  int http_port_;
  int cluster_port_;
  std::unique_ptr<child_process> proc_;
};

class worker_process {
public:
  /// `launcher`: a command line the worker's own is appended to (`ip netns exec NS`).
  worker_process(std::string data_dir, std::string join, std::string name,
                 std::vector<std::string> extra_args = {}, std::string secret = cluster_secret,
                 std::vector<std::string> launcher = {});
  void start();
  child_process& process() { return *proc_; }
  const std::string& data_dir() const { return data_dir_; }
  std::string log_text() const;
  /// Tasks whose export started on this worker (from its log).
  size_t exports_started() const;
  /// Videos this worker uploaded and the coordinator accepted (from its log).
  size_t uploads_accepted() const;
  /// Uploads the coordinator refused because their attempt had been superseded (from its log).
  size_t uploads_refused() const;

private:
  std::string data_dir_, join_, name_, secret_;
  std::vector<std::string> extra_args_, launcher_;
  std::unique_ptr<child_process> proc_;
};

/// A TCP relay on loopback in front of a port, whose link a test can silence: a network cut
/// between a worker and the coordinator that needs no privileges.
class tcp_relay {
public:
  explicit tcp_relay(int target_port);
  ~tcp_relay();
  tcp_relay(const tcp_relay&) = delete;
  tcp_relay& operator=(const tcp_relay&) = delete;
  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  /// Stops moving bytes either way and keeps every connection open, also one whose far end
  /// closed: neither side learns anything, as behind a cut cable.
  void hold();
  /// Closes every relayed connection, as a cut link that heals after one side dropped the
  /// connection (its next packet is answered with a reset); relays new connections again.
  void sever();

private:
  struct pair {
    int a, b;
  };
  void loop();
  void wake();
  int target_port_, port_ = 0, listener_ = -1;
  int wake_[2] = {-1, -1};
  std::atomic<bool> held_{false}, stop_{false};
  std::atomic<unsigned> severs_{0};
  std::vector<pair> pairs_; ///< the loop thread's
  std::thread thread_;
};

} // namespace cutqueue::testing
