// The coordinator's door for worker nodes, published with CAF's middleman on --cluster-port.
// A node first asks for a challenge (proving along the way that the coordinator knows the
// secret), then joins with an HMAC over it; only then does it get remote slots with the
// supervisor. A challenge not answered within a few seconds is forgotten.
#pragma once

#include "actors/supervisor.hpp"
#include "cluster/remote_slot.hpp"
#include "cluster/upload_registry.hpp"

#include <functional>
#include <memory>
#include <string>

namespace cutqueue::cluster {

struct registrar_config {
  std::string secret;
  std::string upload_url;          ///< base URL workers send results to (the HTTP service)
  uint64_t upload_chunk = 1 << 20; ///< largest chunk the upload route accepts
  uint32_t max_slots_per_node = 256;
  std::chrono::milliseconds challenge_ttl{5000};
  remote_slot_config slot;
  /// Told the port a joined node's connection comes from (as the middleman sees it): the
  /// cluster gate keeps that connection open. Null = nobody to tell.
  std::function<void(uint16_t)> joined_from;
};

caf::actor spawn_registrar(caf::actor_system& sys, registrar_config cfg, supervisor_actor sup,
                           std::shared_ptr<upload_registry> uploads);

} // namespace cutqueue::cluster
