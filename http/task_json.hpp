// The gen_video_status body: the eight fields of api.md, in its order.
#pragma once

#include "storage/task_record.hpp"

#include <string>

namespace cutqueue::http {

std::string status_body(const storage::task_record& rec);

} // namespace cutqueue::http
