#include "cluster/remote_slot.hpp"

#include "cluster/auth.hpp"
#include "cluster/protocol.hpp"
#include "common/log.hpp"

#include <optional>

namespace cutqueue::cluster {

namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

/// How often a running attempt checks its lease and its task's cancel token.
constexpr auto tick_interval = 250ms;

using remote_slot_actor =
    export_slot_actor::extend<caf::reacts_to<progress_atom, uint64_t, int32_t>,
                              caf::reacts_to<tick_atom, uint64_t>>;

struct attempt_state {
  uint64_t generation = 0;
  std::string task_id;
  std::string token;
  bool whole = true; ///< a whole export, not one chunk of another export
  caf::typed_response_promise<exporting::export_result> reply;
  std::shared_ptr<cancel_token> cancel;
  task_actor task; ///< progress goes here
  clock_type::time_point last_progress;
  std::optional<clock_type::time_point> cancel_sent;
};

struct remote_slot_state {
  remote_slot_args args;
  uint64_t next_generation = 1;
  std::optional<attempt_state> running; ///< the task actor still waits for this one
  uint64_t draining = 0; ///< generation given up on while the node may still work on it

  static inline const char* name = "cutqueue.remote_slot";
};

using slot_pointer = remote_slot_actor::stateful_pointer<remote_slot_state>;

std::string describe(slot_pointer self) {
  auto& a = self->state.args;
  return a.node_name + "/" + std::to_string(a.index);
}

/// Makes the slot usable again: the task actor that lost it does not hand it back.
void release(slot_pointer self) {
  self->send(self->state.args.supervisor, release_atom::value,
             caf::actor_cast<export_slot_actor>(self));
}

/// Gives up on the running attempt: the task actor sees a lost slot and re-queues the task
/// (attempt + 1). Its token dies here, so its upload can no longer land. `node_busy`: the node
/// may still be working on it; the slot then drains (waits for that late answer) before it
/// takes the next task.
void give_up(slot_pointer self, const std::string& why, bool node_busy = true) {
  auto& st = self->state;
  if (!st.running)
    return;
  auto& r = *st.running;
  log::warn("remote slot ", describe(self), ": giving up task ", r.task_id, ": ", why);
  st.args.uploads->revoke(r.task_id, r.token);
  r.reply.deliver(caf::make_error(caf::sec::request_timeout, why));
  st.running.reset();
  if (node_busy)
    st.draining = r.generation;
  else
    release(self);
}

/// A given-up attempt's answer arrived: the node is free for the next one.
void on_late_answer(slot_pointer self, uint64_t generation) {
  auto& st = self->state;
  if (st.draining != generation)
    return;
  log::info("remote slot ", describe(self),
            ": ignored the late answer of a given-up attempt; "
            "slot usable again");
  st.draining = 0;
  release(self);
}

void on_result(slot_pointer self, uint64_t generation, exporting::export_result& res) {
  auto& st = self->state;
  if (!st.running || st.running->generation != generation) {
    on_late_answer(self, generation);
    return;
  }
  auto r = std::move(*st.running);
  st.running.reset();
  if (res.ok) {
    auto file = st.args.uploads->committed(r.task_id, r.token);
    if (!file) {
      res.ok = false;
      res.error_message = "Encoding failed: the worker's upload did not arrive";
    } else {
      res.output_file = *file;
    }
  }
  st.args.uploads->revoke(r.task_id, r.token); // a committed file stays; the entry goes
  // Completed or failed, the task will not run again: chunks the node sent for it can go.
  if (r.whole && !res.cancelled)
    st.args.uploads->task_ended(r.task_id);
  r.reply.deliver(std::move(res));
}

void tick(slot_pointer self, uint64_t generation) {
  auto& st = self->state;
  if (!st.running || st.running->generation != generation)
    return;
  auto& r = *st.running;
  auto now = clock_type::now();
  if (r.cancel->cancelled()) {
    if (!r.cancel_sent) {
      r.cancel_sent = now;
      caf::anon_send(st.args.node, cancel_atom::value, st.args.index, generation);
    } else if (now - *r.cancel_sent > st.args.cfg.cancel_grace) {
      caf::anon_send(st.args.node, cancel_atom::value, st.args.index, generation);
      give_up(self, "the worker did not stop the cancelled export");
      return;
    }
  } else if (now - r.last_progress > st.args.cfg.lease) {
    caf::anon_send(st.args.node, cancel_atom::value, st.args.index, generation);
    give_up(self,
            "no progress from the worker for " +
                std::to_string(
                    std::chrono::duration_cast<std::chrono::seconds>(st.args.cfg.lease).count()) +
                " s (lease expired)");
    return;
  }
  self->delayed_send(self, tick_interval, tick_atom::value, generation);
}

/// Hands the attempt to the node with a fresh token: a whole export, or one chunk of another
/// export that borrowed this slot.
caf::result<exporting::export_result>
start_attempt(slot_pointer self, const std::string& draft_url, const std::string& task_id,
              const cancel_handle& cancel, const std::optional<exporting::chunk_request>& chunk) {
  auto& st = self->state;
  if (st.running || st.draining)
    return caf::make_error(caf::sec::runtime_error, "remote slot busy");
  attempt_state r;
  r.generation = st.next_generation++;
  r.task_id = task_id;
  r.token = random_hex();
  r.whole = !chunk;
  r.cancel = cancel.token;
  r.task = caf::actor_cast<task_actor>(self->current_sender());
  r.last_progress = clock_type::now();
  r.reply = self->make_response_promise<exporting::export_result>();
  st.args.uploads->open(task_id, r.token);
  auto gen = r.generation;
  auto reply = r.reply;
  st.running = std::move(r);
  // A whole export goes with an empty unit: only the coordinator's settings.
  const exporting::chunk_request what =
      chunk ? *chunk
            : exporting::chunk_request{{}, st.args.cfg.chunk_seconds, st.args.cfg.x264_preset};
  auto sent = self->request(st.args.node, caf::duration{st.args.cfg.run_timeout}, run_atom::value,
                            st.args.index, draft_url, task_id, st.running->token, gen, what);
  sent.then([self, gen](exporting::export_result& res) { on_result(self, gen, res); },
            [self, gen](caf::error& err) {
              auto& st = self->state;
              // The node answered with an error (e.g. the upload failed): it is done with
              // the attempt. A timeout or a lost link says nothing of the kind.
              bool answered = err != caf::sec::request_timeout &&
                              err != caf::exit_reason::remote_link_unreachable;
              if (st.running && st.running->generation == gen)
                give_up(self, "run failed: " + self->system().render(err), !answered);
              else if (st.draining == gen && answered)
                on_late_answer(self, gen);
            });
  self->delayed_send(self, tick_interval, tick_atom::value, gen);
  return reply;
}

remote_slot_actor::behavior_type remote_slot(slot_pointer self, remote_slot_args args) {
  self->state.args = std::move(args);
  self->monitor(self->state.args.node);
  self->set_down_handler([self](caf::down_msg& dm) {
    if (dm.source != self->state.args.node.address())
      return;
    give_up(self, "worker node lost (" + self->system().render(dm.reason) + ")");
    // A normal exit: the registrar it is linked to must not die with it.
    self->quit();
  });
  return {
      [self](run_atom, const std::string& draft_url, const std::string& task_id,
             const cancel_handle& cancel) {
        return start_attempt(self, draft_url, task_id, cancel, std::nullopt);
      },
      [self](run_atom, const std::string& draft_url, const std::string& task_id,
             const cancel_handle& cancel, const exporting::chunk_request& chunk) {
        return start_attempt(self, draft_url, task_id, cancel, chunk);
      },
      [self](progress_atom, uint64_t generation, int32_t percent) {
        auto& st = self->state;
        if (!st.running || st.running->generation != generation)
          return; // a superseded attempt: fenced
        st.running->last_progress = clock_type::now();
        if (st.running->task)
          self->send(st.running->task, progress_atom::value, percent);
      },
      [self](tick_atom, uint64_t generation) { tick(self, generation); },
  };
}

} // namespace

export_slot_actor spawn_remote_slot(caf::local_actor* parent, remote_slot_args args) {
  auto slot = parent->spawn<caf::linked>(remote_slot, std::move(args));
  return caf::actor_cast<export_slot_actor>(slot);
}

} // namespace cutqueue::cluster
