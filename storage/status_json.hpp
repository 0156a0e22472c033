// A task's eight status fields as JSON (api.md's gen_video_status body, in its order): what the
// HTTP answers show and what completion webhooks carry.
#pragma once

#include "storage/task_record.hpp"

#include <nlohmann/json.hpp>

namespace cutqueue::storage {

nlohmann::ordered_json status_fields(const task_record& rec);

} // namespace cutqueue::storage
