// What coordinator and worker nodes say to each other over CAF's network layer (BASP), and the
// settings both sides must share. Only metadata crosses BASP: finished videos travel over HTTP
// (cluster/upload_client.hpp), because one multi-MB message would delay BASP heartbeats behind
// it and the receiver allocates every message whole.
//
//   worker node                                   coordinator
//   connect (middleman actor, async) ----------> registrar (published on --cluster-port)
//   (hello, worker_nonce, name) ----------------> (challenge, proof of the secret)
//   (join, name, hmac, slots, node actor) ------> one remote_slot per slot -> supervisor
//   node <--- (run, slot, draft_url, task_id, token, generation, chunk_request) ----- remote_slot
//             (chunk_request.unit empty: the whole export, with the coordinator's chunk length
//              and preset; its finished chunks go to the coordinator over HTTP as they end)
//   node ---- (progress, generation, percent) --------------------> remote_slot -> task actor
//   node <--- (cancel, slot, generation) --------------------------- remote_slot
//   node ---- export_result (reply to run; the MP4 went by HTTP) ---> remote_slot
#pragma once

#include "actors/messages.hpp"

#include <caf/io/all.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace cutqueue::cluster {

using hello_atom = caf::atom_constant<caf::atom("hello")>;
using join_atom = caf::atom_constant<caf::atom("join")>;
using cancel_atom = caf::atom_constant<caf::atom("cancel")>;
using tick_atom = caf::atom_constant<caf::atom("tick")>;
using reconnect_atom = caf::atom_constant<caf::atom("reconnect")>;
using done_atom = caf::atom_constant<caf::atom("done")>;

/// Both sides must list it (CAF refuses peers without a common entry): bump it whenever a
/// message above changes, since BASP has no schema evolution.
constexpr const char* app_identifier = "cutqueue-cluster-3";

/// Errors a registrar answers with; they cross the wire as (code, category).
enum class cluster_error : uint8_t {
  wrong_secret = 1,
  unknown_challenge, ///< expired (answered too late) or never issued
  bad_request,
};
constexpr caf::atom_value cluster_error_category = caf::atom("cqcluster");

inline caf::error make_error(cluster_error x) {
  return {static_cast<uint8_t>(x), cluster_error_category};
}

/// BASP failure detection; both sides must send heartbeats, or a healthy idle peer is dropped.
struct timing {
  std::chrono::milliseconds heartbeat{2000};
  std::chrono::milliseconds connection_timeout{10000};
};

/// Loads the middleman with heartbeats, the common application identifier and the message types
/// that cross the wire. Call on every node before the actor system exists.
void configure_node(caf::actor_system_config& cfg, const timing& t);

} // namespace cutqueue::cluster
