// Completion webhooks: one detached actor (blocking HTTP off the shared scheduler) that POSTs a
// finished task's status to its callback_url, retrying with exponential backoff until a
// receiver answers 2xx or --webhook-give-up (24 h) after the task ended. Every change of a
// delivery's state goes back to the supervisor, which stores it with the task, so deliveries
// survive restarts: at start the sender reloads every pending one from the store.
#pragma once

#include "actors/messages.hpp"

#include <chrono>

namespace cutqueue {

namespace storage {
class task_store;
}
struct supervisor_config;

/// Told of every state change of a delivery (attempts, next try, delivered or abandoned).
using webhook_owner_actor = caf::typed_actor<caf::reacts_to<webhook_atom, storage::task_record>>;

using webhook_sender_actor =
    caf::typed_actor<caf::reacts_to<webhook_atom, storage::task_record>, caf::reacts_to<tick_atom>>;

/// Spawns the sender linked to `owner` (it ends with it). It reads the pending deliveries from
/// `store` on start. `cfg` and `store` must outlive it.
webhook_sender_actor spawn_webhook_sender(caf::local_actor* owner_self, webhook_owner_actor owner,
                                          const supervisor_config& cfg, storage::task_store& store);

/// The wait after `failed` failed tries: first_retry doubled each time, at most max_retry.
std::chrono::milliseconds webhook_backoff(uint32_t failed, std::chrono::milliseconds first_retry,
                                          std::chrono::milliseconds max_retry);

} // namespace cutqueue
