// An export slot runs one export at a time on its own thread (a detached actor), so blocking
// downloads and FFmpeg never occupy CAF's shared scheduler. While it works it sends
// (progress_atom, percent) to the requesting task actor.
#pragma once

#include "actors/messages.hpp"

namespace cutqueue {

struct supervisor_config;

/// (run, draft_url, task_id, cancel): the whole export. With a chunk_request: one unit of a
/// chunked render, for another export that borrowed the slot (its file is the result).
using export_slot_actor =
    caf::typed_actor<caf::replies_to<run_atom, std::string, std::string,
                                     cancel_handle>::with<exporting::export_result>,
                     caf::replies_to<run_atom, std::string, std::string, cancel_handle,
                                     exporting::chunk_request>::with<exporting::export_result>>;

/// Spawns a local slot (detached). `cfg` must outlive the slot.
export_slot_actor spawn_export_slot(caf::actor_system& sys, const supervisor_config& cfg);

} // namespace cutqueue
