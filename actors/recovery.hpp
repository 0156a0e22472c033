// Start-up recovery: what a crash left in the store becomes work again, before the service
// answers /healthz 200. Pending tasks keep their places; processing tasks were interrupted and
// run again (attempt + 1 when they start) unless they used up --max-attempts.
#pragma once

#include "storage/task_record.hpp"
#include "storage/task_store.hpp"

#include <vector>

namespace cutqueue {

struct recovery_report {
  std::vector<storage::task_record> requeued; ///< pending again, oldest first
  size_t interrupted = 0;                     ///< were processing, will run again
  size_t failed = 0;                          ///< were processing, out of attempts
};

/// Reads the live tasks and durably rewrites the interrupted ones (pending again, or failed with
/// "Export interrupted <n> times").
[[nodiscard]] storage::status recover_tasks(storage::task_store& store, uint32_t max_attempts,
                                            recovery_report& out);

} // namespace cutqueue
