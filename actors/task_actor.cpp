#include "actors/task_actor.hpp"

#include "actors/supervisor_config.hpp"
#include "common/clock.hpp"
#include "common/log.hpp"
#include "common/service_metrics.hpp"
#include "storage/task_store.hpp"

#include <functional>
#include <map>
#include <optional>
#include <vector>

namespace cutqueue {

namespace {

using storage::task_status;
using namespace std::chrono_literals;

/// Progress is written without sync and at most this often: losing it in a crash is harmless.
constexpr int64_t progress_write_interval_ms = 1000;

/// A failed write of a status change is retried after this delay until it succeeds.
constexpr auto write_retry_delay = 1s;

struct task_state {
  storage::task_record rec;     ///< the state being worked on
  storage::task_record visible; ///< the last durable state: what status queries see
  bool created = false;
  task_actor_args args;
  std::vector<caf::typed_response_promise<caf::ok_atom>> waiting_submits;
  std::optional<export_slot_actor> deferred_start; ///< start() that came before creation
  export_slot_actor slot;
  std::shared_ptr<cancel_token> cancel;
  bool running = false; ///< a run request to the slot is outstanding
  /// Shutdown was asked for: no export may start any more (one whose `processing` write is in
  /// flight is put back to pending instead).
  bool stopping = false;
  std::optional<caf::typed_response_promise<caf::ok_atom>> shutdown_promise;
  /// Clients waiting for their cancel to be durable.
  std::vector<caf::typed_response_promise<storage::task_record>> cancel_waiters;
  /// A cancel arrived while a transition was being written (creation, or `processing` before
  /// the export started); it runs once that write is durable, so every state a client can see
  /// was stored first.
  bool cancel_pending = false;
  uint64_t next_write = 0;
  using continuation = std::function<void(bool ok, const std::string& err)>;
  std::map<uint64_t, continuation> continuations;
  int64_t last_progress_write_ms = 0;

  static inline const char* name = "cutqueue.task";
};

using task_pointer = task_actor::stateful_pointer<task_state>;

void log_transition(const storage::task_record& rec, task_status from) {
  auto& r = rec;
  if (r.status == task_status::failed)
    log::info("task ", r.task_id, " ", storage::to_string(from), " -> failed (attempt ", r.attempt,
              "): ", r.error_message, " [", r.draft_url, "]");
  else if (r.status == task_status::completed)
    log::info("task ", r.task_id, " ", storage::to_string(from), " -> completed (attempt ",
              r.attempt, "): ", r.video_url, " [", r.draft_url, "]");
  else
    log::info("task ", r.task_id, " ", storage::to_string(from), " -> ",
              storage::to_string(r.status), " (attempt ", r.attempt, ") [", r.draft_url, "]");
}

/// Runs (once) the continuation parked under `id`: the answer to a write, or a due retry.
void run_continuation(task_pointer self, uint64_t id, bool ok, const std::string& err) {
  auto& conts = self->state.continuations;
  auto i = conts.find(id);
  if (i == conts.end())
    return;
  auto cont = std::move(i->second);
  conts.erase(i);
  cont(ok, err);
}

/// Writes the current record; `cont` runs in this actor once the write is durable (or failed).
void write_record(task_pointer self, bool sync, task_state::continuation cont) {
  auto& st = self->state;
  auto id = ++st.next_write;
  st.continuations.emplace(id, std::move(cont));
  task_actor hdl{self};
  st.args.store->write_async(st.rec, sync, [hdl, id](const storage::status& s) {
    caf::anon_send(hdl, persisted_atom::value, id, s.ok(), s.message);
  });
}

/// Writes a status change durably, retrying until the store accepts it: a task's outcome must
/// not be dropped because the disk was briefly full.
void write_transition(task_pointer self, task_status from, std::function<void()> then) {
  write_record(self, true, [self, from, then = std::move(then)](bool ok, const std::string& err) {
    auto& st = self->state;
    if (!ok) {
      log::error("task ", st.rec.task_id, ": cannot store status ",
                 storage::to_string(st.rec.status), " (", err, "); retrying");
      // Park the continuation under a fresh id and re-issue the same write later.
      auto id = ++st.next_write;
      st.continuations.emplace(
          id, [self, from, then](bool, const std::string&) { write_transition(self, from, then); });
      self->delayed_send(self, write_retry_delay, retry_atom::value, id);
      return;
    }
    st.visible = st.rec;
    log_transition(st.rec, from);
    then();
  });
}

void finish(task_pointer self, task_status outcome, std::string error, std::string file,
            std::function<void()> after = {});

/// The cancel itself: stop a running export (its late reply is ignored, as after a timeout) and
/// fail the task; the waiting clients get the failed record once it is durable.
void cancel_now(task_pointer self) {
  auto& st = self->state;
  st.cancel_pending = false;
  if (st.running)
    st.cancel->cancel(cancel_reason::user);
  finish(self, task_status::failed, "Cancelled", {}, [self] {
    auto& st = self->state;
    for (auto& rp : st.cancel_waiters)
      rp.deliver(st.rec);
    st.cancel_waiters.clear();
  });
}

/// Graceful shutdown: the attempt does not count, the task waits for the next start.
void put_back_for_next_start(task_pointer self) {
  auto& st = self->state;
  auto from = st.rec.status;
  st.rec.status = task_status::pending;
  st.rec.attempt -= 1;
  st.rec.started_at_ms = 0;
  st.rec.progress = 0;
  write_transition(self, from, [self] {
    auto& st = self->state;
    if (st.shutdown_promise)
      st.shutdown_promise->deliver(caf::ok_atom::value);
    self->quit();
  });
}

void start_processing(task_pointer self, export_slot_actor slot) {
  auto& st = self->state;
  if (st.stopping)
    return; // a start that was deferred past shutdown: stay pending for the next start
  if (storage::is_terminal(st.rec.status)) {
    // Cancelled while the supervisor was handing it this slot: give the slot back unused.
    self->send(st.args.owner, release_atom::value, slot);
    return;
  }
  st.slot = slot;
  auto from = st.rec.status;
  st.rec.status = task_status::processing;
  st.rec.attempt += 1;
  st.rec.started_at_ms = clock::now_ms();
  st.rec.progress = 0;
  st.cancel = std::make_shared<cancel_token>();
  // Runs however the actor ends, killed included. After a normal end the export has returned
  // already and the cancel changes nothing.
  self->attach_functor([token = st.cancel] { token->cancel(cancel_reason::shutdown); });
  write_transition(self, from, [self] {
    auto& st = self->state;
    if (st.stopping) {
      // Shutdown arrived while `processing` was being stored: starting the export now would
      // run it past the shutdown, uncancelled, and keep the process from exiting.
      put_back_for_next_start(self);
      return;
    }
    if (st.cancel_pending) {
      cancel_now(self); // never started: finish() gives the slot back
      return;
    }
    auto attempt = st.rec.attempt;
    metrics::export_started(st.args.cfg->pipeline.metrics.get());
    self->delayed_send(self, st.args.cfg->export_timeout, deadline_atom::value, attempt);
    st.running = true;
    self->request(st.slot, caf::infinite, run_atom::value, st.rec.draft_url, st.rec.task_id,
                  cancel_handle{st.cancel})
        .then(
            [self, attempt](exporting::export_result& res) {
              auto& st = self->state;
              st.running = false;
              if (attempt != st.rec.attempt || st.rec.status != task_status::processing) {
                // Already failed by the deadline; the slot only now came back.
                self->send(st.args.owner, release_atom::value, st.slot);
                self->quit();
                return;
              }
              if (res.cancelled) {
                put_back_for_next_start(self);
                return;
              }
              if (res.ok)
                finish(self, task_status::completed, {}, res.output_file);
              else
                finish(self, task_status::failed, res.error_message, {});
            },
            [self, attempt](caf::error& err) {
              // The slot died under the export (it is respawned by the supervisor): an
              // interrupted attempt, like a crash.
              auto& st = self->state;
              st.running = false;
              if (attempt != st.rec.attempt || st.rec.status != task_status::processing) {
                self->quit();
                return;
              }
              log::warn("task ", st.rec.task_id, ": export slot lost (", self->system().render(err),
                        ")");
              // Dead: never hand it back to the pool (the supervisor replaces it once it sees
              // the slot's down message).
              st.slot = export_slot_actor{};
              auto from = st.rec.status;
              auto next = st.rec;
              if (storage::mark_interrupted(next, st.args.cfg->max_attempts, clock::now_ms())) {
                finish(self, task_status::failed, next.error_message, {});
                return;
              }
              st.rec = std::move(next);
              write_transition(self, from, [self] {
                self->send(self->state.args.owner, requeue_atom::value, self->state.rec.draft_url);
              });
            });
  });
}

void finish(task_pointer self, task_status outcome, std::string error, std::string file,
            std::function<void()> after) {
  auto& st = self->state;
  auto from = st.rec.status;
  st.rec.status = outcome;
  st.rec.completed_at_ms = clock::now_ms();
  if (outcome == task_status::completed) {
    st.rec.progress = 100;
    st.rec.output_file = file;
    st.rec.video_url = st.args.cfg->public_url + "/outputs/" + file;
    st.rec.error_message.clear();
  } else {
    st.rec.progress = 0;
    st.rec.error_message = std::move(error);
    st.rec.video_url.clear();
  }
  // The webhook becomes due in the same durable write as the outcome: a crash right after
  // cannot lose it.
  if (!st.rec.callback_url.empty()) {
    st.rec.webhook = storage::webhook_state::pending;
    st.rec.webhook_attempts = 0;
    st.rec.webhook_next_ms = st.rec.completed_at_ms;
  }
  write_transition(self, from, [self, after = std::move(after)] {
    auto& st = self->state;
    self->send(st.args.owner, finished_atom::value, st.rec);
    const auto& r = st.rec;
    metrics::export_finished(
        st.args.cfg->pipeline.metrics.get(), r.status == task_status::completed, r.error_message,
        r.started_at_ms > 0 ? (r.completed_at_ms - r.started_at_ms) / 1000.0 : -1.0);
    if (after)
      after();
    if (!st.running) {
      if (st.slot)
        self->send(st.args.owner, release_atom::value, st.slot);
      self->quit();
    }
    // else: timed out while the slot still works; release it when its reply arrives.
  });
}

void on_created(task_pointer self, bool ok, const std::string& err) {
  auto& st = self->state;
  if (!ok) {
    log::error("task ", st.rec.task_id, ": submission not stored (", err, ") [", st.rec.draft_url,
               "]");
    for (auto& rp : st.waiting_submits)
      rp.deliver(make_error(task_error::storage_failed));
    st.waiting_submits.clear();
    for (auto& rp : st.cancel_waiters)
      rp.deliver(make_error(task_error::not_found)); // the task never existed
    st.cancel_waiters.clear();
    if (st.deferred_start)
      self->send(st.args.owner, release_atom::value, *st.deferred_start);
    self->quit(make_error(task_error::storage_failed));
    return;
  }
  st.created = true;
  st.visible = st.rec;
  log::info("task ", st.rec.task_id, " accepted -> pending [", st.rec.draft_url, "]");
  self->send(st.args.owner, created_atom::value, st.rec.draft_url, st.rec.seq);
  for (auto& rp : st.waiting_submits)
    rp.deliver(caf::ok_atom::value);
  st.waiting_submits.clear();
  if (st.cancel_pending) {
    if (st.deferred_start)
      st.slot = *st.deferred_start; // finish() gives it back
    st.deferred_start.reset();
    cancel_now(self);
    return;
  }
  if (st.deferred_start) {
    auto slot = *st.deferred_start;
    st.deferred_start.reset();
    start_processing(self, slot);
  }
}

task_actor::behavior_type task_behavior(task_pointer self, task_actor_args args) {
  auto& st = self->state;
  st.args = std::move(args);
  st.rec = st.args.record;
  st.visible = st.rec;
  if (st.args.is_new)
    write_record(self, true,
                 [self](bool ok, const std::string& err) { on_created(self, ok, err); });
  else
    st.created = true;
  return {
      [self](submit_atom) -> caf::result<caf::ok_atom> {
        auto& st = self->state;
        if (st.created)
          return caf::ok_atom::value;
        auto rp = self->make_response_promise<caf::ok_atom>();
        st.waiting_submits.push_back(rp);
        return rp;
      },
      [self](status_atom) -> storage::task_record { return self->state.visible; },
      [self](start_atom, export_slot_actor slot) {
        auto& st = self->state;
        if (!st.created) {
          st.deferred_start = slot;
          return;
        }
        start_processing(self, slot);
      },
      [self](progress_atom, int32_t percent) {
        auto& st = self->state;
        if (st.rec.status != task_status::processing || percent <= st.rec.progress)
          return;
        // 100 means "completed", which only the durable terminal transition may show.
        st.rec.progress = std::min<int32_t>(percent, 99);
        st.visible.progress = st.rec.progress;
        auto now = clock::now_ms();
        if (now - st.last_progress_write_ms >= progress_write_interval_ms) {
          st.last_progress_write_ms = now;
          write_record(self, false, [](bool, const std::string&) {});
        }
      },
      [self](persisted_atom, uint64_t id, bool ok, const std::string& err) {
        run_continuation(self, id, ok, err);
      },
      [self](deadline_atom, uint32_t attempt) {
        auto& st = self->state;
        if (attempt != st.rec.attempt || st.rec.status != task_status::processing)
          return;
        st.cancel->cancel(cancel_reason::timeout);
        finish(self, task_status::failed, "Processing timeout", {});
      },
      [self](retry_atom, uint64_t id) { run_continuation(self, id, true, {}); },
      [self](cancel_atom) -> caf::result<storage::task_record> {
        auto& st = self->state;
        // A terminal state still being written counts as finished: its outcome is decided.
        if (storage::is_terminal(st.rec.status))
          return make_error(task_error::already_finished);
        if (st.stopping)
          return make_error(task_error::unavailable);
        auto rp = self->make_response_promise<storage::task_record>();
        st.cancel_waiters.push_back(rp);
        if (st.cancel_pending)
          return rp; // joins the cancel already waiting
        const bool starting = st.rec.status == task_status::processing && !st.running;
        if (!st.created || starting)
          st.cancel_pending = true;
        else
          cancel_now(self);
        return rp;
      },
      [self](shutdown_atom) -> caf::result<caf::ok_atom> {
        auto& st = self->state;
        st.stopping = true;
        // `processing` without a running export: its write is in flight, and the continuation
        // puts the task back (see start_processing); answer once that is stored.
        const bool starting = !st.running && st.rec.status == task_status::processing;
        if (!st.running && !starting)
          return caf::ok_atom::value;
        if (st.running)
          st.cancel->cancel(cancel_reason::shutdown);
        auto rp = self->make_response_promise<caf::ok_atom>();
        st.shutdown_promise = rp;
        return rp;
      },
  };
}

} // namespace

task_actor spawn_task_actor(caf::local_actor* self, task_actor_args args) {
  return self->spawn<caf::monitored>(task_behavior, std::move(args));
}

} // namespace cutqueue
