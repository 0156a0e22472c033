// cutqueue's metrics by name: every series GET /metrics shows is recorded through one of these
// functions, so names, help texts and label values live in one place. Each takes the registry
// by pointer and does nothing when it is null.
#pragma once

#include "common/metrics.hpp"

#include <cstdint>
#include <string>

namespace cutqueue::metrics {

/// Every family with its zero series, so that dashboards see them before the first event.
void declare_all(registry& r);

/// cutqueue_http_requests_total{route,status}: `route` is the route table's pattern, never the
/// raw path (a client cannot grow the label set).
void http_request(registry* r, const std::string& route, int status);

/// cutqueue_tasks{state="pending"|"processing"} and cutqueue_queue_depth (pending tasks).
void task_states(registry* r, uint64_t pending, uint64_t processing);

/// cutqueue_exports_started_total: an export attempt began (the task turned processing).
void export_started(registry* r);

/// cutqueue_exports_completed_total, or cutqueue_exports_failed_total{reason}; with
/// `seconds` >= 0 also cutqueue_export_duration_seconds{outcome} (processing to the end).
void export_finished(registry* r, bool completed, const std::string& error_message, double seconds);

/// The `reason` label of a failure: a short fixed word for each error_message family of
/// api.md (draft_missing, draft_empty, material, render, audio, encoding, timeout, cancelled,
/// interrupted, unsupported, other).
std::string failure_reason(const std::string& error_message);

/// cutqueue_render_duration_seconds: FFmpeg's part of an export, successful or not.
void render_duration(registry* r, double seconds);

/// cutqueue_download_bytes_total (bytes transferred) and cutqueue_download_cache_hits_total
/// (files served by a revalidated cached copy).
void downloads(registry* r, uint64_t bytes, uint64_t cache_hits);

/// cutqueue_chunks_in_flight: chunks of long exports rendering now (render/chunked_render.hpp).
void chunk_started(registry* r);

/// cutqueue_chunks_total{outcome="rendered"|"reused"|"failed"|"cancelled"}; a chunk that had
/// started leaves cutqueue_chunks_in_flight ("reused" ones never entered it) and a rendered
/// one is timed in cutqueue_chunk_render_seconds.
void chunk_finished(registry* r, const std::string& outcome, double seconds);

/// cutqueue_store_commit_seconds: one group commit (write + fsync) of the task store.
void store_commit(registry* r, double seconds);

} // namespace cutqueue::metrics
