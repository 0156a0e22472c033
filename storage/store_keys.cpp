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
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80           ? 1
                 : (b >> 5) == 0x6  ? 2
                 : (b >> 4) == 0xE  ? 3
                 : (b >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || i + len > n)
      return false;
    uint32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (size_t k = 1; k < len; ++k) {
      auto c = static_cast<unsigned char>(s[i + k]);
      if ((c >> 6) != 0x2)
        return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are what JSON encoders reject.
    static constexpr uint32_t min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

} // namespace

bool storable_text(const task_record& rec) {
  return valid_utf8(rec.draft_url) && valid_utf8(rec.video_url) && valid_utf8(rec.error_message) &&
         valid_utf8(rec.task_id) && valid_utf8(rec.output_file);
}

} // namespace cutqueue::storage
