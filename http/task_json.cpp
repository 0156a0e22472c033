#include "http/task_json.hpp"

namespace cutqueue::http {

std::string status_body(const storage::task_record& rec) {
  auto j = status_fields(rec);
  // Replacement of invalid UTF-8 keeps a stray byte in a URL from turning the reply into a 500.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace cutqueue::http
