#include "actors/webhook_sender.hpp"

#include "actors/supervisor_config.hpp"
#include "common/clock.hpp"
#include "common/log.hpp"
#include "fetch/webhook_post.hpp"
#include "storage/status_json.hpp"
#include "storage/task_store.hpp"

#include <map>

namespace cutqueue {

namespace {

using storage::task_record;
using storage::webhook_state;

struct sender_state {
  std::map<std::string, task_record> pending; ///< by task_id
  int64_t tick_at_ms = 0;                     ///< the earliest tick already scheduled; 0 = none

  static inline const char* name = "cutqueue.webhooks";
};

using sender_pointer = webhook_sender_actor::stateful_pointer<sender_state>;

void schedule(sender_pointer self) {
  auto& st = self->state;
  int64_t next = 0;
  for (auto& [id, rec] : st.pending)
    if (next == 0 || rec.webhook_next_ms < next)
      next = rec.webhook_next_ms;
  if (next == 0 || (st.tick_at_ms != 0 && st.tick_at_ms <= next))
    return;
  st.tick_at_ms = next;
  auto wait = std::chrono::milliseconds(std::max<int64_t>(0, next - clock::now_ms()));
  self->delayed_send(self, wait, tick_atom::value);
}

/// Tries every due delivery once (blocking: this actor has its own thread).
void deliver_due(sender_pointer self, webhook_owner_actor owner, const supervisor_config* cfg) {
  auto& st = self->state;
  const auto& wh = cfg->webhooks;
  for (auto i = st.pending.begin(); i != st.pending.end();) {
    auto& rec = i->second;
    if (rec.webhook_next_ms > clock::now_ms()) {
      ++i;
      continue;
    }
    fetch::webhook_request req;
    req.url = rec.callback_url;
    req.body =
        storage::status_fields(rec).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    req.secret = wh.secret;
    req.timestamp_s = clock::now_ms() / 1000;
    req.task_id = rec.task_id;
    req.network = cfg->pipeline.fetch.network;
    auto out = fetch::post_webhook(req);
    rec.webhook_attempts += 1;
    auto now = clock::now_ms();
    if (out.delivered) {
      rec.webhook = webhook_state::delivered;
      log::info("task ", rec.task_id, ": webhook delivered (attempt ", rec.webhook_attempts,
                ", HTTP ", out.status, ") [", rec.draft_url, "]");
    } else {
      auto wait = webhook_backoff(rec.webhook_attempts, wh.first_retry, wh.max_retry);
      rec.webhook_next_ms = now + wait.count();
      auto deadline = rec.completed_at_ms +
                      std::chrono::duration_cast<std::chrono::milliseconds>(wh.give_up).count();
      if (out.refused || rec.webhook_next_ms > deadline) {
        rec.webhook = webhook_state::abandoned;
        log::warn("task ", rec.task_id, ": webhook abandoned after ", rec.webhook_attempts,
                  " attempt(s): ", out.reason, " [", rec.draft_url, "]");
      } else {
        log::warn("task ", rec.task_id, ": webhook attempt ", rec.webhook_attempts, " failed (",
                  out.reason, "); next in ", wait.count(), " ms [", rec.draft_url, "]");
      }
    }
    self->send(owner, webhook_atom::value, rec);
    if (rec.webhook != webhook_state::pending)
      i = st.pending.erase(i);
    else
      ++i;
  }
}

webhook_sender_actor::behavior_type sender(sender_pointer self, webhook_owner_actor owner,
                                           const supervisor_config* cfg,
                                           storage::task_store* store) {
  std::vector<task_record> stored;
  if (auto s = store->load_webhooks(stored); !s.ok())
    log::error("cannot read pending webhooks: ", s.message);
  for (auto& rec : stored)
    self->state.pending[rec.task_id] = std::move(rec);
  if (!stored.empty())
    log::info(stored.size(), " pending webhook(s) to deliver");
  schedule(self);
  return {
      [self, owner, cfg](webhook_atom, task_record& rec) {
        if (!storage::webhook_due(rec))
          return;
        self->state.pending[rec.task_id] = std::move(rec);
        deliver_due(self, owner, cfg);
        schedule(self);
      },
      [self, owner, cfg](tick_atom) {
        self->state.tick_at_ms = 0;
        deliver_due(self, owner, cfg);
        schedule(self);
      },
  };
}

} // namespace

std::chrono::milliseconds webhook_backoff(uint32_t failed, std::chrono::milliseconds first_retry,
                                          std::chrono::milliseconds max_retry) {
  auto wait = first_retry;
  for (uint32_t i = 1; i < failed && wait < max_retry; ++i)
    wait *= 2;
  return std::min(wait, max_retry);
}

webhook_sender_actor spawn_webhook_sender(caf::local_actor* owner_self, webhook_owner_actor owner,
                                          const supervisor_config& cfg,
                                          storage::task_store& store) {
  return owner_self->spawn<caf::detached + caf::linked>(sender, owner, &cfg, &store);
}

} // namespace cutqueue
