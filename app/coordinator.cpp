#include "app/coordinator.hpp"

#include "cluster/protocol.hpp"
#include "cluster/registrar.hpp"
#include "common/log.hpp"

#include <algorithm>

namespace cutqueue::app {

namespace {

/// Room for the upload beyond the export timeout itself.
constexpr auto upload_allowance = std::chrono::minutes(5);

} // namespace

coordinator::coordinator(const service_config& cfg)
    : cfg_(cfg), uploads_(std::make_shared<cluster::upload_registry>(
                     cfg.supervisor.pipeline.output_dir,
                     std::make_shared<cluster::chunk_inbox>(cfg.supervisor.pipeline.chunk_root,
                                                            cfg.supervisor.pipeline.ledger))) {}

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
  registrar_ = cluster::spawn_registrar(sys, rc, std::move(sup), uploads_);
  auto port =
      sys.middleman().publish(registrar_, *cfg_.cluster.port, cfg_.cluster.host.c_str(), true);
  if (!port) {
    error = "cannot listen for worker nodes on " + cfg_.cluster.host + ":" +
            std::to_string(*cfg_.cluster.port) + ": " + sys.render(port.error());
    caf::anon_send_exit(registrar_, caf::exit_reason::user_shutdown);
    registrar_ = nullptr;
    return false;
  }
  port_ = *port;
  log::info("accepting worker nodes on ", cfg_.cluster.host, ":", port_,
            " (BASP: unencrypted, keep it on a private network); results uploaded to ", upload_url);
  return true;
}

void coordinator::stop(caf::actor_system& sys) {
  if (!registrar_)
    return;
  sys.middleman().unpublish(registrar_, port_);
  caf::anon_send_exit(registrar_, caf::exit_reason::user_shutdown);
  registrar_ = nullptr;
}

} // namespace cutqueue::app
