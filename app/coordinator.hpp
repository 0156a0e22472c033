// The coordinator's side of worker nodes inside `cutqueue serve`: the upload registry behind
// the internal HTTP route and the registrar published on --cluster-port. Absent without
// --cluster-port, and then the service behaves exactly as a single node.
#pragma once

#include "actors/supervisor.hpp"
#include "app/config.hpp"
#include "cluster/cluster_gate.hpp"
#include "cluster/upload_registry.hpp"

#include <memory>
#include <string>

namespace cutqueue::app {

class coordinator {
public:
  explicit coordinator(const service_config& cfg);

  /// CAF's middleman with heartbeats and the cluster's message types (before the system).
  void configure(caf::actor_system_config& caf_cfg) const;

  /// Where uploads land; give it to the HTTP server before it starts.
  std::shared_ptr<cluster::upload_registry> uploads() const { return uploads_; }

  /// Publishes the registrar. `upload_url`: the HTTP service as workers reach it.
  [[nodiscard]] bool start(caf::actor_system& sys, supervisor_actor sup,
                           const std::string& upload_url, std::string& error);

  /// Stops accepting nodes; their slots stop with the registrar.
  void stop(caf::actor_system& sys);

private:
  const service_config& cfg_;
  std::shared_ptr<cluster::upload_registry> uploads_;
  std::unique_ptr<cluster::cluster_gate> gate_;
  caf::actor registrar_;
  uint16_t port_ = 0, backend_port_ = 0;
};

} // namespace cutqueue::app
