// The gen_video_status body: the eight fields of api.md, in its order.
#pragma once

#include "storage/status_json.hpp"
#include "storage/task_record.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace cutqueue::http {

/// The eight fields as a JSON object (the capcut-mate style wraps them in its envelope).
using storage::status_fields;

std::string status_body(const storage::task_record& rec);

} // namespace cutqueue::http
