// `cutqueue worker`: a node that runs exports for a coordinator (`cutqueue serve
// --cluster-port`). It keeps no task state: the coordinator's store is the only one.
#pragma once

#include "cluster/worker_node.hpp"
#include "common/log.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cutqueue::app {

struct worker_settings {
  cluster::worker_config node;
  std::string data_dir = "./worker-data";
  std::chrono::seconds heartbeat{2};
  std::chrono::seconds connection_timeout{10};
  log::level log_level = log::level::info;
  bool help = false;
};

/// Flags, each also read from CUTQUEUE_<FLAG> (the secret also from CUTQUEUE_CLUSTER_SECRET);
/// flags win. Returns an error text, or nullopt.
std::optional<std::string> parse_worker_config(const std::vector<std::string>& args,
                                               worker_settings& out);

std::string worker_usage();

/// Runs until SIGTERM/SIGINT (exit 0) or until the coordinator refuses the worker (exit 3).
int run_worker(worker_settings cfg);

} // namespace cutqueue::app
