// The durable state of one export task: what gen_video_status reports, plus what recovery needs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace cutqueue::storage {

/// pending -> processing -> completed | failed. A processing task interrupted by a crash goes
/// back to processing (attempt + 1) on the next start, or to failed after too many attempts.
enum class task_status : uint8_t { pending, processing, completed, failed };

/// "pending", "processing", "completed", "failed".
const char* to_string(task_status s);

/// Parses the strings of to_string(); nullopt for anything else.
std::optional<task_status> parse_task_status(const std::string& s);

/// True for completed and failed.
inline bool is_terminal(task_status s) {
  return s == task_status::completed || s == task_status::failed;
}

/// Delivery of a task's completion webhook (its callback_url): pending from the moment the task
/// reaches completed or failed until a receiver accepts it or retries give up.
enum class webhook_state : uint8_t { none, pending, delivered, abandoned };

struct task_record {
  std::string draft_url; ///< key: the submitted URL, surrounding white space trimmed
  task_status status = task_status::pending;
  int progress = 0;            ///< 0..100
  std::string video_url;       ///< set when completed
  std::string error_message;   ///< set when failed
  int64_t created_at_ms = 0;   ///< epoch ms; kept across attempts and restarts
  int64_t started_at_ms = 0;   ///< epoch ms of the current attempt's start; 0 = null
  int64_t completed_at_ms = 0; ///< epoch ms of reaching completed/failed; 0 = null
  uint32_t attempt = 0;        ///< processing attempts started so far
  uint64_t seq = 0;            ///< FIFO position among live tasks (ascending = older)
  std::string task_id;         ///< unique per submission; names the work folder and output file
  std::string output_file;     ///< file name inside the output folder once completed
  std::string callback_url;    ///< POSTed the final status once terminal; "" = none
  webhook_state webhook = webhook_state::none;
  uint32_t webhook_attempts = 0; ///< deliveries tried so far
  int64_t webhook_next_ms = 0;   ///< epoch ms of the next try while pending
};

/// True when the record's webhook still has to be delivered.
inline bool webhook_due(const task_record& r) {
  return r.webhook == webhook_state::pending && !r.callback_url.empty();
}

bool operator==(const task_record& a, const task_record& b);

/// The one rule for an attempt that ended without an outcome (a crash, a lost export slot):
/// the task goes back to pending for another attempt, or fails with "Export interrupted <n>
/// times" once `max_attempts` attempts were started. Returns true when it failed.
bool mark_interrupted(task_record& rec, uint32_t max_attempts, int64_t now_ms);

/// Stable text encoding (JSON) of a record, and its inverse (nullopt when corrupt).
std::string encode(const task_record& rec);
std::optional<task_record> decode(const std::string& bytes);

} // namespace cutqueue::storage
