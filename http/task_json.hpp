// The gen_video_status body: the eight fields of api.md, in its order.
#pragma once

#include "storage/status_json.hpp"
#include "storage/task_record.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cutqueue::http {

/// The eight fields as a JSON object (the capcut-mate style wraps them in its envelope).
using storage::status_fields;

std::string status_body(const storage::task_record& rec);

/// GET /api/tasks: `{"now": <now_ms as ISO 8601>, "tasks": [<status fields>...]}`. `now` lets
/// the page count elapsed time on the server's clock, not the browser's.
std::string recent_tasks_body(const std::vector<storage::task_record>& recs, int64_t now_ms);

} // namespace cutqueue::http
