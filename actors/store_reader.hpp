// Reads of the task store for the supervisor, on a thread of their own (a detached actor): a
// RocksDB read may touch the disk, which must not stall CAF's shared scheduler.
#pragma once

#include "actors/messages.hpp"

#include <vector>

namespace cutqueue {

namespace storage {
class task_store;
}

using store_reader_actor = caf::typed_actor<
    /// The stored record for a draft_url, or task_error::not_found / storage_failed.
    caf::replies_to<status_atom, std::string>::with<storage::task_record>,
    /// Terminal records completed before the cutoff (epoch ms), oldest first, bounded.
    caf::replies_to<sweep_atom, int64_t>::with<std::vector<storage::task_record>>,
    /// Up to this many terminal records, the most recently completed first (the status page).
    caf::replies_to<recent_atom, uint32_t>::with<std::vector<storage::task_record>>,
    /// Removes these files (published videos whose records were swept).
    caf::reacts_to<caf::delete_atom, std::vector<std::string>>>;

store_reader_actor spawn_store_reader(caf::actor_system& sys, storage::task_store& store);

} // namespace cutqueue
