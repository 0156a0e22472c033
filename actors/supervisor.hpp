// The task_supervisor: one per coordinator. It routes submit and status requests, owns the
// draft_url -> live task index, the FIFO of pending tasks and the free export slots. All
// admission decisions happen inside this one actor, so "one ongoing task per draft_url" holds
// without locks.
#pragma once

#include "actors/export_slot.hpp"
#include "actors/messages.hpp"
#include "actors/task_actor.hpp"

#include <vector>

namespace cutqueue {

namespace storage {
class task_store;
}
struct supervisor_config;

/// What the HTTP layer may ask.
using supervisor_api = caf::typed_actor<
    /// Accepts (or joins) the task for a trimmed draft_url once it is durable. Errors:
    /// queue_full, storage_failed, unavailable.
    caf::replies_to<submit_atom, std::string>::with<caf::ok_atom>,
    /// The same with a callback_url for the completion webhook ("" = the configured default).
    caf::replies_to<submit_atom, std::string, std::string>::with<caf::ok_atom>,
    /// The task's record. Errors: not_found, storage_failed.
    caf::replies_to<status_atom, std::string>::with<storage::task_record>,
    /// Number of pending + processing tasks.
    caf::replies_to<count_atom>::with<uint64_t>,
    /// Slots per node, free and busy (the coordinator's own slots are node "local").
    caf::replies_to<nodes_atom>::with<std::vector<node_load>>,
    /// Cancels the task: it fails with "Cancelled" (its export stopped); answers with the
    /// durable failed record. Errors: not_found, already_finished, unavailable.
    caf::replies_to<cancel_atom, std::string>::with<storage::task_record>,
    /// Up to this many tasks (at most max_recent_tasks), live and recently finished, newest
    /// created first: the status page. Errors: storage_failed, unavailable.
    caf::replies_to<recent_atom, uint32_t>::with<std::vector<storage::task_record>>,
    /// Writes the live task counts into the metrics registry (GET /metrics), then answers.
    caf::replies_to<stats_atom>::with<caf::ok_atom>>;

using supervisor_actor = supervisor_api::extend<
    /// Graceful stop: refuse new work, cancel running exports (their tasks stay pending on disk),
    /// answer once every running task has been put back.
    caf::replies_to<shutdown_atom>::with<caf::ok_atom>,
    caf::reacts_to<created_atom, std::string, uint64_t>,
    caf::reacts_to<finished_atom, storage::task_record>,
    caf::reacts_to<release_atom, export_slot_actor>, caf::reacts_to<requeue_atom, std::string>,
    caf::reacts_to<sweep_atom>,
    /// A slot lent to a long export's chunks (actors/loan_desk.hpp) came back (null: local).
    caf::reacts_to<loan_atom, export_slot_actor>,
    /// A slot of a worker node (a remote_slot): dispatched to like a local one, never replaced
    /// when it dies (its node registers again when it comes back).
    caf::reacts_to<slots_atom, export_slot_actor, std::string>,
    /// A webhook delivery changed state (from the webhook sender): store it with its task.
    caf::reacts_to<webhook_atom, storage::task_record>>;

/// Bound on one recent_atom answer: the status page asks for what fits on a screen.
constexpr uint32_t max_recent_tasks = 200;

/// Spawns the supervisor with the live tasks found by recovery (pending, oldest first).
/// `store` and `cfg` must outlive it.
supervisor_actor spawn_supervisor(caf::actor_system& sys, storage::task_store& store,
                                  const supervisor_config& cfg,
                                  std::vector<storage::task_record> recovered);

} // namespace cutqueue
