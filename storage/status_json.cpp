#include "storage/status_json.hpp"

#include "common/clock.hpp"

namespace cutqueue::storage {

namespace {

nlohmann::ordered_json time_or_null(int64_t ms) {
  if (ms == 0)
    return nullptr;
  return clock::format_iso8601(ms);
}

} // namespace

nlohmann::ordered_json status_fields(const task_record& rec) {
  nlohmann::ordered_json j;
  j["draft_url"] = rec.draft_url;
  j["status"] = to_string(rec.status);
  j["progress"] = rec.progress;
  j["video_url"] = rec.status == task_status::completed ? rec.video_url : "";
  j["error_message"] = rec.status == task_status::failed ? rec.error_message : "";
  j["created_at"] = clock::format_iso8601(rec.created_at_ms);
  j["started_at"] = time_or_null(rec.started_at_ms);
  j["completed_at"] = time_or_null(rec.completed_at_ms);
  return j;
}

} // namespace cutqueue::storage
