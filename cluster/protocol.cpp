#include "cluster/protocol.hpp"

#include <vector>

namespace cutqueue::cluster {

void configure_node(caf::actor_system_config& cfg, const timing& t) {
  cfg.load<caf::io::middleman>();
  cfg.add_message_type<exporting::export_result>("cutqueue.export_result");
  cfg.add_message_type<exporting::chunk_request>("cutqueue.chunk_request");
  cfg.set("middleman.heartbeat-interval", caf::timespan{t.heartbeat});
  cfg.set("middleman.connection-timeout", caf::timespan{t.connection_timeout});
  cfg.set("middleman.app-identifiers", std::vector<std::string>{app_identifier});
}

} // namespace cutqueue::cluster
