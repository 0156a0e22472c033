// `cutqueue worker`'s one long-lived actor. It connects to the coordinator asynchronously
// (through the middleman actor: io::remote_actor would block without a timeout), proves it
// knows the cluster secret, registers its slots and then runs exports for the coordinator's
// remote slots, each on a thread of its own (a detached job actor). When the coordinator is
// lost it cancels what it was running (those attempts are superseded) and reconnects with
// backoff.
//
//   connecting --connected--> hello --challenge ok--> joining --joined--> serving
//       ^  (backoff)                                                         |
//       +-------------- coordinator lost, exports stopped -------------------+
#pragma once

#include "export/export_pipeline.hpp"

#include <caf/all.hpp>

#include <chrono>
#include <functional>
#include <string>

namespace cutqueue::cluster {

struct worker_config {
  std::string host;
  uint16_t port = 0;
  std::string secret;
  uint32_t slots = 1;
  std::string node_name;               ///< shown in the coordinator's /healthz and logs
  exporting::pipeline_config pipeline; ///< output_dir: local files before their upload
  std::chrono::milliseconds request_timeout{10000};
  std::chrono::milliseconds max_backoff{5000};
  /// Called once when the worker cannot go on (e.g. wrong secret): exit code and message.
  std::function<void(int, const std::string&)> on_fatal;
};

caf::actor spawn_worker_node(caf::actor_system& sys, const worker_config& cfg);

} // namespace cutqueue::cluster
