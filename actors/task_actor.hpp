// One actor per live task. It owns the task's state machine and its durable record:
//
//   (new) --created--> pending --start(slot)--> processing --result--> completed | failed
//                       | ^                         |  |
//                       | +--- interrupted/shutdown-+  +--cancel--> failed "Cancelled"
//                       +--cancel--> failed "Cancelled"   (attempt budget: --max-attempts)
//
// Every status change is written to the task_store with sync before anyone can observe it; then
// the actor reports to its owner (the supervisor) and, once terminal, quits: finished tasks are
// records, not actors.
#pragma once

#include "actors/export_slot.hpp"
#include "actors/messages.hpp"

namespace cutqueue {

namespace storage {
class task_store;
}
struct supervisor_config;

using task_actor = caf::typed_actor<
    /// Answers once the task's creation is durable (or with task_error::storage_failed).
    caf::replies_to<submit_atom>::with<caf::ok_atom>,
    /// The task's last durable record, with live progress.
    caf::replies_to<status_atom>::with<storage::task_record>,
    /// Work on the task in this slot (from the supervisor).
    caf::reacts_to<start_atom, export_slot_actor>,
    /// Progress from the slot, 0..100.
    caf::reacts_to<progress_atom, int32_t>,
    /// A write finished: (write id, ok, error message). From the store's committer.
    caf::reacts_to<persisted_atom, uint64_t, bool, std::string>,
    /// The export timeout of attempt n elapsed.
    caf::reacts_to<deadline_atom, uint32_t>,
    /// Re-issue a failed write.
    caf::reacts_to<retry_atom, uint64_t>,
    /// Stop for a graceful shutdown: cancel any export and leave the task pending on disk.
    caf::replies_to<shutdown_atom>::with<caf::ok_atom>,
    /// A client cancels: the task fails with "Cancelled" (a running export is stopped) and the
    /// answer is the durable failed record. Error: already_finished.
    caf::replies_to<cancel_atom>::with<storage::task_record>>;

/// What task actors tell their owner.
using task_owner_actor = caf::typed_actor<
    /// The record of a new (or rebuilt) task is durable: (draft_url, seq). Until then the task
    /// must not be visible to status queries.
    caf::reacts_to<created_atom, std::string, uint64_t>,
    /// The task reached completed or failed (durably).
    caf::reacts_to<finished_atom, storage::task_record>,
    /// The slot is free again.
    caf::reacts_to<release_atom, export_slot_actor>,
    /// The task went back to pending (interrupted attempt): queue it again, at the front.
    caf::reacts_to<requeue_atom, std::string>>;

struct task_actor_args {
  storage::task_record record; ///< initial state: new pending, or recovered from the store
  bool is_new = false;         ///< true: the record still has to be written
  storage::task_store* store = nullptr;
  const supervisor_config* cfg = nullptr;
  task_owner_actor owner;
};

/// Spawns a task actor monitored by `self` (the supervisor). However it ends, an export still
/// running for it is cancelled: a task actor that died must not leave FFmpeg working for nobody.
task_actor spawn_task_actor(caf::local_actor* self, task_actor_args args);

} // namespace cutqueue
