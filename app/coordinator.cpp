#include "app/coordinator.hpp"

#include "cluster/protocol.hpp"
#include "cluster/registrar.hpp"
#include "common/log.hpp"

#include <algorithm>

namespace cutqueue::app {

namespace {

/// Room for the upload beyond the export timeout itself.
constexpr auto upload_allowance = std::chrono::minutes(5);
/// A connection to the cluster port over which no node joined by then is closed. A worker
/// joins within milliseconds of connecting; the registrar forgets its challenge after 5 s.
constexpr auto registration_grace = std::chrono::seconds(8);

} // namespace

coordinator::coordinator(const service_config& cfg)
    : cfg_(cfg), uploads_(std::make_shared<cluster::upload_registry>(
                     cfg.supervisor.pipeline.output_dir,
                     std::make_shared<cluster::chunk_inbox>(cfg.supervisor.pipeline.chunk_root,
                                                            cfg.supervisor.pipeline.ledger))),
      gate_(std::make_unique<cluster::cluster_gate>()) {}

void coordinator::configure(caf::actor_system_config& caf_cfg) const {
  cluster::timing t;
  t.heartbeat = cfg_.cluster.heartbeat;
  t.connection_timeout = cfg_.cluster.connection_timeout;
  cluster::configure_node(caf_cfg, t);
}

bool coordinator::start(caf::actor_system& sys, supervisor_actor sup, const std::string& upload_url,
                        std::string& error) {
  cluster::registrar_config rc;
  rc.secret = cfg_.cluster.secret;
  rc.upload_url = upload_url;
  // One chunk per request, within the body limit every route shares.
  rc.upload_chunk = std::min<uint64_t>(cfg_.http.max_body, 4u << 20);
  rc.slot.lease = cfg_.cluster.lease;
  rc.slot.run_timeout = cfg_.supervisor.export_timeout + upload_allowance;
  rc.slot.chunk_seconds = cfg_.supervisor.pipeline.chunk_seconds;
  rc.slot.x264_preset = cfg_.supervisor.pipeline.x264_preset;
  rc.joined_from = [gate = gate_.get()](uint16_t port) { gate->registered(port); };
  registrar_ = cluster::spawn_registrar(sys, rc, std::move(sup), uploads_);
  // The registrar listens on loopback only; the gate owns the cluster port and closes the
  // connections no node joins over (cluster/cluster_gate.hpp).
  auto backend = sys.middleman().publish(registrar_, 0, "127.0.0.1", true);
  if (!backend) {
    error = "cannot publish the cluster registrar on loopback: " + sys.render(backend.error());
    caf::anon_send_exit(registrar_, caf::exit_reason::user_shutdown);
    registrar_ = nullptr;
    return false;
  }
  backend_port_ = *backend;
  std::string why;
  if (!gate_->start(cfg_.cluster.host, *cfg_.cluster.port, backend_port_, registration_grace,
                    why)) {
    error = "cannot listen for worker nodes on " + cfg_.cluster.host + ":" +
            std::to_string(*cfg_.cluster.port) + ": " + why;
    sys.middleman().unpublish(registrar_, backend_port_);
    caf::anon_send_exit(registrar_, caf::exit_reason::user_shutdown);
    registrar_ = nullptr;
    return false;
  }
  port_ = gate_->port();
  log::info("accepting worker nodes on ", cfg_.cluster.host, ":", port_,
            " (BASP: unencrypted, keep it on a private network); results uploaded to ", upload_url);
  return true;
}

void coordinator::stop(caf::actor_system& sys) {
  if (!registrar_)
    return;
  gate_->stop();
  sys.middleman().unpublish(registrar_, backend_port_);
  caf::anon_send_exit(registrar_, caf::exit_reason::user_shutdown);
  registrar_ = nullptr;
}

} // namespace cutqueue::app
