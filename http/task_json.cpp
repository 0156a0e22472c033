#include "http/task_json.hpp"

#include "common/clock.hpp"

namespace cutqueue::http {

std::string status_body(const storage::task_record& rec) {
  auto j = status_fields(rec);
  // Replacement of invalid UTF-8 keeps a stray byte in a URL from turning the reply into a 500.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string recent_tasks_body(const std::vector<storage::task_record>& recs, int64_t now_ms) {
  nlohmann::ordered_json j;
  j["now"] = clock::format_iso8601(now_ms);
  j["tasks"] = nlohmann::ordered_json::array();
  for (auto& rec : recs)
    j["tasks"].push_back(status_fields(rec));
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace cutqueue::http
