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
      if (storage::mark_interrupted(rec, max_attempts, clock::now_ms())) {
        if (auto ws = store.write(rec); !ws.ok())
          return ws;
        log::info("task ", rec.task_id, " processing -> failed (attempt ", rec.attempt,
                  "): ", rec.error_message, " [", rec.draft_url, "]");
        ++out.failed;
        continue;
      }
      if (auto ws = store.write(rec); !ws.ok())
        return ws;
      log::info("task ", rec.task_id, " processing -> pending (interrupted attempt ", rec.attempt,
                ", will run again) [", rec.draft_url, "]");
      ++out.interrupted;
    }
    out.requeued.push_back(std::move(rec));
  }
  return storage::status::make_ok();
}

} // namespace cutqueue
