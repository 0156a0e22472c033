// The message vocabulary of cutqueue's actors: atoms, error codes and the `inspect` overloads
// that let CAF carry project types. Every actor interface header includes this one.
#pragma once

#include "common/cancel_token.hpp"
#include "export/export_pipeline.hpp"
#include "storage/task_record.hpp"

#include <caf/all.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace cutqueue {

// -- atoms (CAF 0.17: at most 10 characters) -----------------------------------------------

using submit_atom = caf::atom_constant<caf::atom("submit")>;
using status_atom = caf::atom_constant<caf::atom("status")>;
using count_atom = caf::atom_constant<caf::atom("count")>;
using start_atom = caf::atom_constant<caf::atom("start")>;
using run_atom = caf::atom_constant<caf::atom("run")>;
using progress_atom = caf::atom_constant<caf::atom("progress")>;
using persisted_atom = caf::atom_constant<caf::atom("persisted")>;
using created_atom = caf::atom_constant<caf::atom("created")>;
using finished_atom = caf::atom_constant<caf::atom("finished")>;
using requeue_atom = caf::atom_constant<caf::atom("requeue")>;
using release_atom = caf::atom_constant<caf::atom("release")>;
using deadline_atom = caf::atom_constant<caf::atom("deadline")>;
using retry_atom = caf::atom_constant<caf::atom("retry")>;
using sweep_atom = caf::atom_constant<caf::atom("sweep")>;
using shutdown_atom = caf::atom_constant<caf::atom("shutdown")>;
using slots_atom = caf::atom_constant<caf::atom("slots")>;
using nodes_atom = caf::atom_constant<caf::atom("nodes")>;
using cancel_atom = caf::atom_constant<caf::atom("cancel")>;
using stats_atom = caf::atom_constant<caf::atom("stats")>;
using webhook_atom = caf::atom_constant<caf::atom("webhook")>;
using tick_atom = caf::atom_constant<caf::atom("tick")>;
using loan_atom = caf::atom_constant<caf::atom("loan")>;
using recent_atom = caf::atom_constant<caf::atom("recent")>;

// -- errors ----------------------------------------------------------------------------------

/// Why a request to the supervisor failed; the HTTP layer maps each to a status code.
enum class task_error : uint8_t {
  /// No task for this draft_url.
  not_found = 1,
  /// The pending queue holds --max-queued tasks already.
  queue_full,
  /// The task could not be written (or read) durably.
  storage_failed,
  /// Recovery has not finished, or the service is shutting down.
  unavailable,
  /// A cancel came for a task that is completed or failed already.
  already_finished,
};

/// The error category of task_error values.
constexpr caf::atom_value task_error_category = caf::atom("cutqueue");

inline caf::error make_error(task_error x) {
  return {static_cast<uint8_t>(x), task_error_category};
}

// -- cluster view ----------------------------------------------------------------------------

/// One node's export slots as the supervisor sees them (/healthz detail).
struct node_load {
  std::string name; ///< "local" for the coordinator's own slots
  uint32_t slots = 0;
  uint32_t busy = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_load& x) {
  return f(caf::meta::type_name("node_load"), x.name, x.slots, x.busy);
}

// -- cancellation handle ---------------------------------------------------------------------

/// Shares one cancel_token between a task actor and the export slot working for it. Only
/// meaningful inside one process, hence never serialized.
struct cancel_handle {
  std::shared_ptr<cancel_token> token;
};

} // namespace cutqueue

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(cutqueue::cancel_handle)

namespace cutqueue::storage {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, task_record& x) {
  return f(caf::meta::type_name("task_record"), x.draft_url, x.status, x.progress, x.video_url,
           x.error_message, x.created_at_ms, x.started_at_ms, x.completed_at_ms, x.attempt, x.seq,
           x.task_id, x.output_file, x.callback_url, x.webhook, x.webhook_attempts,
           x.webhook_next_ms);
}

} // namespace cutqueue::storage

namespace cutqueue::exporting {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, chunk_request& x) {
  return f(caf::meta::type_name("chunk_request"), x.unit, x.seconds, x.x264_preset);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, export_result& x) {
  return f(caf::meta::type_name("export_result"), x.ok, x.cancelled, x.output_file,
           x.error_message);
}

} // namespace cutqueue::exporting
