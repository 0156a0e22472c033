#include "common/service_metrics.hpp"

namespace cutqueue::metrics {

namespace {

constexpr const char* http_help = "HTTP answers by route pattern and status code";
constexpr const char* tasks_help = "Live tasks by state";
constexpr const char* queue_help = "Tasks waiting for an export slot";
constexpr const char* started_help = "Export attempts started";
constexpr const char* completed_help = "Exports that completed";
constexpr const char* failed_help = "Exports that failed, by reason";
constexpr const char* export_help = "Time from processing to completed or failed";
constexpr const char* render_help = "Time FFmpeg rendered one export";
constexpr const char* bytes_help = "Bytes downloaded for drafts and materials";
constexpr const char* hits_help = "Downloads answered by a revalidated cached copy";
constexpr const char* in_flight_help = "Chunks of long exports rendering now";
constexpr const char* chunks_help = "Chunks of long exports by outcome";
constexpr const char* chunk_help = "Time FFmpeg rendered one chunk of a long export";
constexpr const char* commit_help = "Duration of one group commit (write and fsync) of the store";

bool starts_with(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

} // namespace

void declare_all(registry& r) {
  task_states(&r, 0, 0);
  r.add("cutqueue_exports_started_total", started_help, {}, 0);
  r.add("cutqueue_exports_completed_total", completed_help, {}, 0);
  r.add("cutqueue_download_bytes_total", bytes_help, {}, 0);
  r.add("cutqueue_download_cache_hits_total", hits_help, {}, 0);
  r.set("cutqueue_chunks_in_flight", in_flight_help, {}, 0);
}

void http_request(registry* r, const std::string& route, int status) {
  if (r)
    r->add("cutqueue_http_requests_total", http_help,
           {{"route", route}, {"status", std::to_string(status)}});
}

void task_states(registry* r, uint64_t pending, uint64_t processing) {
  if (!r)
    return;
  r->set("cutqueue_tasks", tasks_help, {{"state", "pending"}}, static_cast<double>(pending));
  r->set("cutqueue_tasks", tasks_help, {{"state", "processing"}}, static_cast<double>(processing));
  r->set("cutqueue_queue_depth", queue_help, {}, static_cast<double>(pending));
}

void export_started(registry* r) {
  if (r)
    r->add("cutqueue_exports_started_total", started_help);
}

std::string failure_reason(const std::string& m) {
  if (m == "Cancelled")
    return "cancelled";
  if (m == "Processing timeout")
    return "timeout";
  if (m == "Draft does not exist")
    return "draft_missing";
  if (m == "Draft content is empty")
    return "draft_empty";
  if (starts_with(m, "Material inaccessible"))
    return "material";
  if (starts_with(m, "Video rendering failed"))
    return "render";
  if (starts_with(m, "Audio processing failed"))
    return "audio";
  if (starts_with(m, "Encoding failed"))
    return "encoding";
  if (starts_with(m, "Export interrupted"))
    return "interrupted";
  if (starts_with(m, "Unsupported draft feature"))
    return "unsupported";
  return "other";
}

void export_finished(registry* r, bool completed, const std::string& error_message,
                     double seconds) {
  if (!r)
    return;
  if (completed)
    r->add("cutqueue_exports_completed_total", completed_help);
  else
    r->add("cutqueue_exports_failed_total", failed_help,
           {{"reason", failure_reason(error_message)}});
  if (seconds >= 0)
    r->observe("cutqueue_export_duration_seconds", export_help,
               {{"outcome", completed ? "completed" : "failed"}}, seconds, long_duration_buckets());
}

void render_duration(registry* r, double seconds) {
  if (r)
    r->observe("cutqueue_render_duration_seconds", render_help, {}, seconds,
               long_duration_buckets());
}

void downloads(registry* r, uint64_t bytes, uint64_t cache_hits) {
  if (!r)
    return;
  r->add("cutqueue_download_bytes_total", bytes_help, {}, static_cast<double>(bytes));
  r->add("cutqueue_download_cache_hits_total", hits_help, {}, static_cast<double>(cache_hits));
}

void chunk_started(registry* r) {
  if (r)
    r->shift("cutqueue_chunks_in_flight", in_flight_help, {}, 1);
}

void chunk_finished(registry* r, const std::string& outcome, double seconds) {
  if (!r)
    return;
  if (outcome != "reused")
    r->shift("cutqueue_chunks_in_flight", in_flight_help, {}, -1);
  r->add("cutqueue_chunks_total", chunks_help, {{"outcome", outcome}});
  if (outcome == "rendered")
    r->observe("cutqueue_chunk_render_seconds", chunk_help, {}, seconds, long_duration_buckets());
}

void store_commit(registry* r, double seconds) {
  if (r)
    r->observe("cutqueue_store_commit_seconds", commit_help, {}, seconds, short_duration_buckets());
}

} // namespace cutqueue::metrics
