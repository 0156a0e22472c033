#include "actors/recovery.hpp"

#include "common/clock.hpp"
#include "common/log.hpp"

namespace cutqueue {

using storage::task_status;

storage::status recover_tasks(storage::task_store& store, uint32_t max_attempts,
                              recovery_report& out) {
  std::vector<storage::task_record> live;
  auto st = store.load_live(live);
  if (!st.ok())
    return st;
  for (auto& rec : live) {
    if (rec.status == task_status::processing) {
      if (rec.attempt >= max_attempts) {
        rec.status = task_status::failed;
        rec.progress = 0;
        rec.completed_at_ms = clock::now_ms();
        rec.error_message = "Export interrupted " + std::to_string(rec.attempt) + " times";
        if (auto ws = store.write(rec); !ws.ok())
          return ws;
        log::info("task ", rec.task_id, " processing -> failed (attempt ", rec.attempt,
                  "): ", rec.error_message, " [", rec.draft_url, "]");
        ++out.failed;
        continue;
      }
      rec.status = task_status::pending;
      rec.started_at_ms = 0;
      rec.progress = 0;
      if (auto ws = store.write(rec); !ws.ok())
        return ws;
      log::info("task ", rec.task_id, " processing -> pending (interrupted attempt ",
                rec.attempt, ", will run again) [", rec.draft_url, "]");
      ++out.interrupted;
    }
    out.requeued.push_back(std::move(rec));
  }
  return storage::status::make_ok();
}

} // namespace cutqueue
