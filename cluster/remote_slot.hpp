// A worker node's export slot as the coordinator's supervisor sees it: an export_slot_actor
// like the local ones. It forwards each run to the worker node with a fresh attempt token,
// passes progress on to the task actor, and turns everything that can go wrong with a remote
// machine into the same error a dying local slot gives (the task goes back to pending):
//
//   idle --run--> running --node's result (token committed)--> idle (reply to the task actor)
//                    |
//                    +--lease expired / cancel unanswered--> draining --node's late result--> idle
//                    +--node lost (down_msg)--> gone (the supervisor drops the slot)
//
// Late results and uploads of a superseded attempt are fenced: the generation number must match
// and the upload token is revoked.
#pragma once

#include "actors/export_slot.hpp"
#include "actors/supervisor.hpp"
#include "cluster/upload_registry.hpp"

#include <chrono>
#include <memory>

namespace cutqueue::cluster {

struct remote_slot_config {
  /// An attempt whose node sent no progress for this long is given up (a wedged FFmpeg keeps
  /// BASP heartbeats going, so the connection alone cannot tell).
  std::chrono::milliseconds lease{60000};
  /// Bound on the run request: the export timeout plus room for the upload.
  std::chrono::milliseconds run_timeout{std::chrono::minutes(35)};
  /// How long a cancelled attempt may take to stop on the node before it is given up.
  std::chrono::milliseconds cancel_grace{10000};
  /// The coordinator's chunk length and encoder preset: a whole export on a worker node uses
  /// them too, so that its chunks match the ones any other node renders for the same task.
  double chunk_seconds = 30;
  std::string x264_preset = "veryfast";
};

struct remote_slot_args {
  caf::actor node;    ///< the worker's node actor
  uint32_t index = 0; ///< which of its slots
  std::string node_name;
  std::shared_ptr<upload_registry> uploads;
  supervisor_actor supervisor; ///< told when a drained slot is usable again
  remote_slot_config cfg;
};

/// Spawned linked to `parent` (the registrar), so that it stops with it.
export_slot_actor spawn_remote_slot(caf::local_actor* parent, remote_slot_args args);

} // namespace cutqueue::cluster
