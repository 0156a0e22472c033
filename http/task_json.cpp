#include "http/task_json.hpp"

#include "common/clock.hpp"

#include <nlohmann/json.hpp>

namespace cutqueue::http {

namespace {

nlohmann::ordered_json time_or_null(int64_t ms) {
  if (ms == 0)
    return nullptr;
  return clock::format_iso8601(ms);
}

} // namespace

nlohmann::ordered_json status_fields(const storage::task_record& rec) {
  nlohmann::ordered_json j;
  j["draft_url"] = rec.draft_url;
  j["status"] = storage::to_string(rec.status);
  j["progress"] = rec.progress;
  j["video_url"] = rec.status == storage::task_status::completed ? rec.video_url : "";
  j["error_message"] = rec.status == storage::task_status::failed ? rec.error_message : "";
  j["created_at"] = clock::format_iso8601(rec.created_at_ms);
  j["started_at"] = time_or_null(rec.started_at_ms);
  j["completed_at"] = time_or_null(rec.completed_at_ms);
  return j;
}

std::string status_body(const storage::task_record& rec) {
  auto j = status_fields(rec);
  // Replacement of invalid UTF-8 keeps a stray byte in a URL from turning the reply into a 500.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace cutqueue::http
