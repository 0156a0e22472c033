#include "storage/task_record.hpp"

#include <nlohmann/json.hpp>

#include <limits>

namespace cutqueue::storage {

namespace {

// Bumped only with a migration; decode() refuses versions it does not know rather than guessing.
constexpr int k_format_version = 1;

using json = nlohmann::json;

bool read_string(const json& j, const char* key, std::string& out) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string())
    return false;
  out = it->get_ref<const std::string&>();
  return true;
}

// Accepts only integers (no floats, no strings) inside [lo, hi]: a record that went through a
// lossy path must be noticed, not rounded.
template <class T>
bool read_int(const json& j, const char* key, T& out, int64_t lo, uint64_t hi) {
  auto it = j.find(key);
  if (it == j.end())
    return false;
  if (it->is_number_unsigned()) {
    auto v = it->get<uint64_t>();
    if (v > hi)
      return false;
    out = static_cast<T>(v);
    return true;
  }
  if (it->is_number_integer()) {
    auto v = it->get<int64_t>();
    if (v < lo || (v >= 0 && static_cast<uint64_t>(v) > hi))
      return false;
    out = static_cast<T>(v);
    return true;
  }
  return false;
}

constexpr int64_t k_i64_min = std::numeric_limits<int64_t>::min();
constexpr uint64_t k_i64_max = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

} // namespace

const char* to_string(task_status s) {
  switch (s) {
  case task_status::pending:
    return "pending";
  case task_status::processing:
    return "processing";
  case task_status::completed:
    return "completed";
  case task_status::failed:
    return "failed";
  }
  return "unknown";
}

std::optional<task_status> parse_task_status(const std::string& s) {
  if (s == "pending")
    return task_status::pending;
  if (s == "processing")
    return task_status::processing;
  if (s == "completed")
    return task_status::completed;
  if (s == "failed")
    return task_status::failed;
  return std::nullopt;
}

bool operator==(const task_record& a, const task_record& b) {
  return a.draft_url == b.draft_url && a.status == b.status && a.progress == b.progress &&
         a.video_url == b.video_url && a.error_message == b.error_message &&
         a.created_at_ms == b.created_at_ms && a.started_at_ms == b.started_at_ms &&
         a.completed_at_ms == b.completed_at_ms && a.attempt == b.attempt && a.seq == b.seq &&
         a.task_id == b.task_id && a.output_file == b.output_file &&
         a.callback_url == b.callback_url && a.webhook == b.webhook &&
         a.webhook_attempts == b.webhook_attempts && a.webhook_next_ms == b.webhook_next_ms;
}

std::string encode(const task_record& rec) {
  json j = {{"v", k_format_version},
            {"draft_url", rec.draft_url},
            {"status", to_string(rec.status)},
            {"progress", rec.progress},
            {"video_url", rec.video_url},
            {"error_message", rec.error_message},
            {"created_at_ms", rec.created_at_ms},
            {"started_at_ms", rec.started_at_ms},
            {"completed_at_ms", rec.completed_at_ms},
            {"attempt", rec.attempt},
            {"seq", rec.seq},
            {"task_id", rec.task_id},
            {"output_file", rec.output_file}};
  // Written only when used, so records without a callback keep their earlier encoding.
  if (!rec.callback_url.empty()) {
    j["callback_url"] = rec.callback_url;
    j["webhook"] = static_cast<int>(rec.webhook);
    j["webhook_attempts"] = rec.webhook_attempts;
    j["webhook_next_ms"] = rec.webhook_next_ms;
  }
  // `replace` keeps invalid UTF-8 (a draft_url is whatever the client sent) from throwing; the
  // HTTP layer rejects such URLs before they get here, so this only guards against a crash.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<task_record> decode(const std::string& bytes) {
  try {
    json j = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object())
      return std::nullopt;
    int version = 0;
    if (!read_int(j, "v", version, 0, 1000) || version != k_format_version)
      return std::nullopt;
    task_record r;
    std::string status;
    if (!read_string(j, "draft_url", r.draft_url) || !read_string(j, "status", status) ||
        !read_string(j, "video_url", r.video_url) ||
        !read_string(j, "error_message", r.error_message) ||
        !read_string(j, "task_id", r.task_id) || !read_string(j, "output_file", r.output_file))
      return std::nullopt;
    auto st = parse_task_status(status);
    if (!st)
      return std::nullopt;
    r.status = *st;
    if (!read_int(j, "progress", r.progress, 0, 100) ||
        !read_int(j, "created_at_ms", r.created_at_ms, k_i64_min, k_i64_max) ||
        !read_int(j, "started_at_ms", r.started_at_ms, k_i64_min, k_i64_max) ||
        !read_int(j, "completed_at_ms", r.completed_at_ms, k_i64_min, k_i64_max) ||
        !read_int(j, "attempt", r.attempt, 0, std::numeric_limits<uint32_t>::max()) ||
        !read_int(j, "seq", r.seq, 0, std::numeric_limits<uint64_t>::max()))
      return std::nullopt;
    if (j.contains("callback_url")) {
      int state = 0;
      if (!read_string(j, "callback_url", r.callback_url) || !read_int(j, "webhook", state, 0, 3) ||
          !read_int(j, "webhook_attempts", r.webhook_attempts, 0,
                    std::numeric_limits<uint32_t>::max()) ||
          !read_int(j, "webhook_next_ms", r.webhook_next_ms, k_i64_min, k_i64_max))
        return std::nullopt;
      r.webhook = static_cast<webhook_state>(state);
    }
    return r;
  } catch (...) {
    // parse() without exceptions can still throw on allocation failure; the contract is
    // "nullopt, never throws".
    return std::nullopt;
  }
}

bool mark_interrupted(task_record& rec, uint32_t max_attempts, int64_t now_ms) {
  rec.progress = 0;
  if (rec.attempt >= max_attempts) {
    rec.status = task_status::failed;
    rec.completed_at_ms = now_ms;
    rec.error_message = "Export interrupted " + std::to_string(rec.attempt) + " times";
    return true;
  }
  rec.status = task_status::pending;
  rec.started_at_ms = 0;
  return false;
}

} // namespace cutqueue::storage
