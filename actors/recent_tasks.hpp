// The status page's list of tasks: a short-lived actor asks each live task for its record and
// the store reader for the newest finished ones, answers with the merge and quits. The
// supervisor hands the request over to it and goes on, so slow replies never hold it up.
#pragma once

#include "actors/store_reader.hpp"
#include "actors/task_actor.hpp"

#include <vector>

namespace cutqueue {

using recent_tasks_actor = caf::typed_actor<
    /// At most `limit` records, newest created first; a task that is both live and in the
    /// store shows its live state.
    caf::replies_to<recent_atom, uint32_t>::with<std::vector<storage::task_record>>>;

/// `live`: the tasks to ask (the caller has already cut them down to the newest `limit`).
recent_tasks_actor spawn_recent_tasks(caf::local_actor* parent, std::vector<task_actor> live,
                                      store_reader_actor reader);

} // namespace cutqueue
