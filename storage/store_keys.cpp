#include "common/text.hpp"
#include "storage/store_impl.hpp"

#include <cinttypes>
#include <cstdio>

namespace cutqueue::storage {

namespace keys {

std::string number20(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%020" PRIu64, v);
  return buf;
}

std::string time20(int64_t ms) {
  return number20(ms < 0 ? 0 : static_cast<uint64_t>(ms));
}

std::string record(const std::string& draft_url) {
  return "t/" + draft_url;
}

std::string live(uint64_t seq, const std::string& draft_url) {
  return "l/" + number20(seq) + "/" + draft_url;
}

std::string retention(int64_t completed_at_ms, const std::string& draft_url) {
  return "r/" + time20(completed_at_ms) + "/" + draft_url;
}

std::string webhook(const std::string& draft_url) {
  return "w/" + draft_url;
}

std::string chunk(const std::string& task_id, const std::string& unit) {
  return chunks_begin(task_id) + unit;
}

std::string chunks_begin(const std::string& task_id) {
  return "c/" + task_id + "/";
}

std::string chunks_end(const std::string& task_id) {
  return "c/" + task_id + "0"; // '/' + 1
}

} // namespace keys

status from_rocksdb(const rocksdb::Status& s, const std::string& context) {
  using c = status::code;
  if (s.ok())
    return status::make_ok();
  c code = c::io_error;
  if (s.IsNotFound())
    code = c::not_found;
  else if (s.IsCorruption())
    code = c::corruption;
  else if (s.IsBusy() || s.IsTimedOut() || s.IsTryAgain())
    code = c::busy;
  else if (s.IsInvalidArgument() || s.IsNotSupported())
    code = c::invalid;
  return {code, context + ": " + s.ToString()};
}

namespace {

bool valid_utf8(const std::string& s) {
  char32_t cp = 0;
  for (size_t i = 0, len = 0; i < s.size(); i += len)
    if ((len = text::utf8_next(s, i, cp)) == 0)
      return false;
  return true;
}

} // namespace

bool storable_text(const task_record& rec) {
  return valid_utf8(rec.draft_url) && valid_utf8(rec.video_url) && valid_utf8(rec.error_message) &&
         valid_utf8(rec.task_id) && valid_utf8(rec.output_file) && valid_utf8(rec.callback_url);
}

} // namespace cutqueue::storage
