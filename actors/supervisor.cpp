#include "actors/supervisor.hpp"

#include "actors/loan_desk.hpp"
#include "actors/recent_tasks.hpp"
#include "actors/store_reader.hpp"
#include "actors/supervisor_config.hpp"
#include "actors/terminal_cache.hpp"
#include "actors/webhook_sender.hpp"
#include "common/clock.hpp"
#include "common/log.hpp"
#include "common/service_metrics.hpp"
#include "storage/task_store.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <random>
#include <unordered_map>
#include <unordered_set>

namespace cutqueue {

namespace {

using storage::task_record;
using storage::task_status;
using namespace std::chrono_literals;

/// Bound on any request the supervisor makes to one of its own actors: none of them should
/// take long, and a stuck reply must not pin an HTTP request forever.
constexpr auto internal_timeout = 30s;

/// How long a graceful shutdown waits for running exports to stop.
constexpr auto shutdown_timeout = 8s;

struct live_entry {
  task_actor actor;
  task_status status = task_status::pending;
  uint64_t seq = 0;
  export_slot_actor slot; ///< while processing
  /// The task's record is durable (gen_video could answer 200 for it). Before that, status
  /// queries read the store, which still holds the previous state: nothing, or the finished
  /// task this one replaces. A write that then fails leaves no trace a client could have seen.
  bool durable = false;
};

struct queued {
  std::string draft_url;
  uint64_t seq;
};

struct supervisor_state {
  storage::task_store* store = nullptr;
  const supervisor_config* cfg = nullptr;
  std::unordered_map<std::string, live_entry> live;
  std::unordered_map<caf::actor_addr, std::string> by_addr;
  std::deque<queued>
      queue; ///< FIFO of pending tasks; entries whose seq no longer matches are skipped
  size_t pending = 0;
  size_t durable_live = 0; ///< live entries with durable = true (gen_video_active_count)
  std::vector<export_slot_actor> free_slots;
  /// Idle slots put up for loan to long exports, lent or not (actors/loan_desk.hpp).
  std::vector<export_slot_actor> parked_local, parked_remote;
  std::unordered_set<caf::actor_addr> slots;                     ///< every slot, busy or free
  std::unordered_map<caf::actor_addr, std::string> remote_slots; ///< slot -> its worker node
  terminal_cache cache{0};
  store_reader_actor reader;
  webhook_sender_actor webhooks;
  uint64_t next_seq = 1;
  bool shutting_down = false;
  std::random_device entropy;

  static inline const char* name = "cutqueue.supervisor";
};

using sup_pointer = supervisor_actor::stateful_pointer<supervisor_state>;

/// 128 random bits in hex. The id names the published file under /outputs/, which is served
/// without authentication, so it must not be guessable: std::random_device is the kernel's
/// CSPRNG on Linux.
std::string new_task_id(supervisor_state& st) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 4; ++i) {
    auto x = st.entropy();
    for (int j = 0; j < 8; ++j, x >>= 4)
      id.push_back(hex[x & 0xf]);
  }
  return id;
}

/// Passes a request on to `dest`, which answers the original requester directly (one hop
/// less than request + deliver).
template <class T, class Self, class Handle, class... Ts>
caf::result<T> forward(Self* self, const Handle& dest, Ts&&... xs) {
  auto rp = self->template make_response_promise<T>();
  rp.delegate(dest, std::forward<Ts>(xs)...);
  return rp;
}

void track(sup_pointer self, const task_record& rec, task_actor actor, bool durable) {
  auto& st = self->state;
  st.by_addr[actor.address()] = rec.draft_url;
  st.live[rec.draft_url] = live_entry{actor, task_status::pending, rec.seq, {}, durable};
  if (durable)
    ++st.durable_live;
}

void enqueue(sup_pointer self, const std::string& url, bool front) {
  auto& st = self->state;
  auto& e = st.live.at(url);
  e.status = task_status::pending;
  ++st.pending;
  if (front)
    st.queue.push_front({url, e.seq});
  else
    st.queue.push_back({url, e.seq});
}

bool holds(const std::vector<export_slot_actor>& list, const caf::actor_addr& a) {
  return std::any_of(list.begin(), list.end(),
                     [&](const export_slot_actor& x) { return x.address() == a; });
}

void drop(std::vector<export_slot_actor>& list, const caf::actor_addr& a) {
  list.erase(std::remove_if(list.begin(), list.end(),
                            [&](const export_slot_actor& x) { return x.address() == a; }),
             list.end());
}

/// A parked slot is free again: a local one (null handle: any of them) or that remote one.
void unpark(supervisor_state& st, const export_slot_actor& slot) {
  if (!slot) {
    if (!st.parked_local.empty()) {
      st.free_slots.push_back(st.parked_local.back());
      st.parked_local.pop_back();
    }
  } else if (holds(st.parked_remote, slot.address())) {
    drop(st.parked_remote, slot.address());
    st.free_slots.push_back(slot);
  }
}

void dispatch(sup_pointer self) {
  auto& st = self->state;
  // Slots offered for loan that no export borrowed are free again at once.
  if (st.cfg->loans) {
    // Remote ones first: dispatch takes from the back, and the coordinator's own slots (no
    // upload needed) go before a worker node's.
    std::vector<export_slot_actor> remote;
    const size_t local = st.cfg->loans->reclaim(remote);
    for (auto& slot : remote)
      unpark(st, slot);
    for (size_t n = local; n > 0; --n)
      unpark(st, {});
  }
  while (!st.shutting_down && !st.free_slots.empty() && !st.queue.empty()) {
    auto next = std::move(st.queue.front());
    st.queue.pop_front();
    auto i = st.live.find(next.draft_url);
    if (i == st.live.end() || i->second.seq != next.seq || i->second.status != task_status::pending)
      continue;
    i->second.status = task_status::processing;
    --st.pending;
    auto slot = st.free_slots.back();
    st.free_slots.pop_back();
    i->second.slot = slot;
    self->send(i->second.actor, start_atom::value, slot);
  }
  if (!st.cfg->loans)
    return;
  // A task still waiting wants the lent slots back; with none waiting, the idle slots are
  // offered to long exports.
  const bool wanted = st.shutting_down || st.pending > 0;
  st.cfg->loans->set_wanted(wanted);
  if (wanted)
    return;
  size_t local = 0;
  for (auto& slot : st.free_slots) {
    if (auto r = st.remote_slots.find(slot.address()); r != st.remote_slots.end()) {
      st.parked_remote.push_back(slot);
      st.cfg->loans->offer_remote(slot, r->second);
    } else {
      st.parked_local.push_back(slot);
      ++local;
    }
  }
  st.free_slots.clear();
  st.cfg->loans->offer_local(local);
}

void forget(sup_pointer self, const std::string& url) {
  auto& st = self->state;
  auto i = st.live.find(url);
  if (i == st.live.end())
    return;
  if (i->second.status == task_status::pending)
    --st.pending;
  if (i->second.durable)
    --st.durable_live;
  st.by_addr.erase(i->second.actor.address());
  st.live.erase(i);
}

void add_slot(sup_pointer self) {
  auto slot = spawn_export_slot(self->system(), *self->state.cfg);
  self->monitor(slot);
  self->state.slots.insert(slot.address());
  self->state.free_slots.push_back(slot);
}

/// A task actor died without finishing (a bug, not a task failure): rebuild it from its durable
/// record, as recovery after a crash would.
void recover_task(sup_pointer self, const std::string& url) {
  self->request(self->state.reader, internal_timeout, status_atom::value, url)
      .then(
          [self](task_record& rec) {
            auto& st = self->state;
            if (st.live.count(rec.draft_url) || storage::is_terminal(rec.status)) {
              if (storage::is_terminal(rec.status))
                st.cache.put(rec);
              return;
            }
            if (rec.status != task_status::processing) {
              rec.progress = 0; // pending: it never started
            } else if (storage::mark_interrupted(rec, st.cfg->max_attempts, clock::now_ms())) {
              // Not cached: status reads go to the store, which shows it once it is durable.
              st.store->write_async(rec, true, [url = rec.draft_url](const storage::status& s) {
                if (!s.ok())
                  log::error("cannot store failure of ", url, ": ", s.message);
              });
              return;
            }
            task_actor_args args{rec, true, st.store, st.cfg, task_owner_actor{self}};
            track(self, rec, spawn_task_actor(self, std::move(args)), false);
            enqueue(self, rec.draft_url, true);
            dispatch(self);
          },
          [url](caf::error& err) {
            log::error("cannot recover task ", url, ": ", to_string(err));
          });
}

void on_down(sup_pointer self, caf::down_msg& dm) {
  auto& st = self->state;
  auto i = st.by_addr.find(dm.source);
  if (i != st.by_addr.end()) {
    auto url = i->second;
    bool died_abnormally = dm.reason && dm.reason != make_error(task_error::storage_failed) &&
                           dm.reason != caf::exit_reason::user_shutdown;
    export_slot_actor busy_slot;
    if (auto e = st.live.find(url);
        e != st.live.end() && e->second.status == task_status::processing)
      busy_slot = e->second.slot;
    forget(self, url);
    if (died_abnormally) {
      log::error("task actor for ", url, " died: ", self->system().render(dm.reason));
      // Nobody will release its slot: retire the slot (it exits after its current job and the
      // slot's own down message brings a replacement).
      if (busy_slot)
        self->send_exit(busy_slot, caf::exit_reason::kill);
      if (!st.shutting_down)
        recover_task(self, url);
    }
    return;
  }
  // A task actor that finished normally was forgotten already; only slots remain to check.
  if (st.slots.erase(dm.source) == 0)
    return;
  for (auto* list : {&st.free_slots, &st.parked_local, &st.parked_remote})
    drop(*list, dm.source);
  if (auto r = st.remote_slots.find(dm.source); r != st.remote_slots.end()) {
    // Its node is gone (or cut off); the node brings new slots when it registers again.
    log::info("slot of worker node ", r->second, " removed");
    st.remote_slots.erase(r);
    return;
  }
  // A local export slot died: replace it so capacity stays constant.
  if (!st.shutting_down) {
    log::warn("export slot died (", self->system().render(dm.reason), "); starting a new one");
    add_slot(self);
    dispatch(self);
  }
}

std::vector<node_load> node_loads(const supervisor_state& st) {
  std::map<std::string, node_load> by_name;
  auto node_of = [&](const caf::actor_addr& a) -> std::string {
    auto r = st.remote_slots.find(a);
    return r == st.remote_slots.end() ? "local" : r->second;
  };
  for (auto& a : st.slots) {
    auto& n = by_name[node_of(a)];
    ++n.slots;
    ++n.busy;
  }
  for (auto& s : st.free_slots)
    --by_name[node_of(s.address())].busy;
  // Parked slots are busy only while lent.
  const size_t lent = st.cfg->loans ? st.cfg->loans->lent_local() : 0;
  if (st.parked_local.size() > lent)
    by_name["local"].busy -= static_cast<uint32_t>(st.parked_local.size() - lent);
  for (auto& s : st.parked_remote)
    if (!st.cfg->loans || !st.cfg->loans->lent(s.address()))
      --by_name[node_of(s.address())].busy;
  std::vector<node_load> out;
  for (auto& [name, n] : by_name) {
    n.name = name;
    out.push_back(n);
  }
  return out;
}

/// Cancel of a task without a live actor: the store says whether it is unknown or finished.
void cancel_from_store(sup_pointer self, const std::string& url,
                       caf::typed_response_promise<task_record> rp) {
  self->request(self->state.reader, internal_timeout, status_atom::value, url)
      .then(
          [rp](task_record& rec) mutable {
            // Not live but not finished either: a task being rebuilt after its actor died.
            rp.deliver(make_error(storage::is_terminal(rec.status) ? task_error::already_finished
                                                                   : task_error::unavailable));
          },
          [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
}

/// Accepts (or joins) the task for `url`. A callback_url only counts for a new task: joining an
/// ongoing one changes nothing, as for any field of a repeated submit.
caf::result<caf::ok_atom> submit_task(sup_pointer self, const std::string& url,
                                      const std::string& callback) {
  auto& st = self->state;
  if (st.shutting_down)
    return make_error(task_error::unavailable);
  if (auto i = st.live.find(url); i != st.live.end())
    return forward<caf::ok_atom>(self, i->second.actor, submit_atom::value);
  if (st.pending >= st.cfg->max_queued)
    return make_error(task_error::queue_full);
  task_record rec;
  rec.draft_url = url;
  rec.status = task_status::pending;
  rec.created_at_ms = clock::now_ms();
  rec.seq = st.next_seq++;
  rec.task_id = new_task_id(st);
  rec.callback_url = callback.empty() ? st.cfg->webhooks.default_callback_url : callback;
  st.cache.erase(url);
  task_actor_args args{rec, true, st.store, st.cfg, task_owner_actor{self}};
  auto actor = spawn_task_actor(self, std::move(args));
  track(self, rec, actor, false);
  enqueue(self, url, false);
  dispatch(self);
  return forward<caf::ok_atom>(self, actor, submit_atom::value);
}

/// Finished tasks completed before this epoch ms are due for removal.
int64_t retention_cutoff(const supervisor_state& st) {
  return clock::now_ms() - std::chrono::milliseconds(st.cfg->retention).count();
}

void schedule_sweep(sup_pointer self, std::chrono::seconds after) {
  self->delayed_send(self, after, sweep_atom::value);
}

void sweep(sup_pointer self) {
  auto& st = self->state;
  if (st.shutting_down)
    return;
  auto cutoff = retention_cutoff(st);
  self->request(st.reader, internal_timeout, sweep_atom::value, cutoff)
      .then(
          [self](std::vector<task_record>& expired) {
            auto& st = self->state;
            for (auto& rec : expired) {
              if (st.live.count(rec.draft_url))
                continue; // re-exported meanwhile: the new task owns the record now
              st.cache.erase(rec.draft_url);
              // The video goes only once the erase is durable: a failed erase or a crash must
              // not leave a completed record whose video_url points at nothing.
              std::string file;
              if (!rec.output_file.empty())
                file = st.cfg->pipeline.output_dir + "/" + rec.output_file;
              st.store->erase_async(rec.draft_url, [url = rec.draft_url, file,
                                                    reader = st.reader](const storage::status& s) {
                if (!s.ok())
                  log::error("retention sweep: cannot remove ", url, ": ", s.message);
                else if (!file.empty())
                  caf::anon_send(reader, caf::delete_atom::value, std::vector<std::string>{file});
              });
            }
            if (!expired.empty())
              log::info("retention sweep removing ", expired.size(), " finished task(s)");
            // A full batch means more may be waiting: continue soon instead of in an hour.
            schedule_sweep(self, expired.size() >= 1000 ? 1s : st.cfg->sweep_interval);
          },
          [self](caf::error&) { schedule_sweep(self, self->state.cfg->sweep_interval); });
}

supervisor_actor::behavior_type supervisor(sup_pointer self, storage::task_store* store,
                                           const supervisor_config* cfg,
                                           std::vector<task_record> recovered) {
  auto& st = self->state;
  st.store = store;
  st.cfg = cfg;
  st.cache = terminal_cache{cfg->terminal_cache_size};
  st.reader = spawn_store_reader(self->system(), *store);
  st.webhooks = spawn_webhook_sender(self, webhook_owner_actor{self}, *cfg, *store);
  self->set_down_handler([self](caf::down_msg& dm) { on_down(self, dm); });
  for (size_t i = 0; i < cfg->max_concurrent_exports; ++i)
    add_slot(self);
  if (cfg->loans)
    cfg->loans->attach(self->system(), cfg->pipeline.output_dir,
                       [me = caf::actor_cast<caf::actor_addr>(self)](const export_slot_actor& s) {
                         // Weak: the desk outlives the supervisor and must not keep it.
                         if (auto sup = caf::actor_cast<supervisor_actor>(me))
                           caf::anon_send(sup, loan_atom::value, s);
                       });
  for (auto& rec : recovered) {
    st.next_seq = std::max(st.next_seq, rec.seq + 1);
    task_actor_args args{rec, false, store, cfg, task_owner_actor{self}};
    track(self, rec, spawn_task_actor(self, std::move(args)), true);
    enqueue(self, rec.draft_url, false);
  }
  dispatch(self);
  schedule_sweep(self, std::min<std::chrono::seconds>(cfg->sweep_interval, 10s));
  return {
      [self](submit_atom, const std::string& url) -> caf::result<caf::ok_atom> {
        return submit_task(self, url, {});
      },
      [self](submit_atom, const std::string& url, const std::string& callback)
          -> caf::result<caf::ok_atom> { return submit_task(self, url, callback); },
      [self](status_atom, const std::string& url) -> caf::result<task_record> {
        auto& st = self->state;
        if (auto i = st.live.find(url); i != st.live.end() && i->second.durable)
          return forward<task_record>(self, i->second.actor, status_atom::value);
        if (auto rec = st.cache.find(url))
          return *rec;
        // Not live, or live but not yet durable (see live_entry::durable): read from the store,
        // and keep finished records for the next poll. A record read while
        // the task was re-submitted (now live) or finished again (cached) is not cached: the
        // newer state wins.
        auto rp = self->make_response_promise<task_record>();
        self->request(st.reader, internal_timeout, status_atom::value, url)
            .then(
                [self, rp](task_record& rec) mutable {
                  auto& st = self->state;
                  // Nor an expired one: a sweep may be removing it right now, and a cached copy
                  // would outlive the record and its video.
                  if (storage::is_terminal(rec.status) &&
                      rec.completed_at_ms >= retention_cutoff(st) &&
                      !st.live.count(rec.draft_url) && !st.cache.find(rec.draft_url))
                    st.cache.put(rec);
                  rp.deliver(std::move(rec));
                },
                [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
        return rp;
      },
      [self](count_atom) -> uint64_t { return self->state.durable_live; },
      [self](recent_atom, uint32_t limit) -> caf::result<std::vector<task_record>> {
        auto& st = self->state;
        if (st.shutting_down)
          return make_error(task_error::unavailable);
        limit = std::min(std::max(limit, 1u), max_recent_tasks);
        // Newest first by seq, and only as many as can be shown: the queue may be long.
        std::vector<const live_entry*> durable;
        for (auto& [url, e] : st.live)
          if (e.durable)
            durable.push_back(&e);
        auto shown = std::min<size_t>(durable.size(), limit);
        std::partial_sort(durable.begin(), durable.begin() + shown, durable.end(),
                          [](const live_entry* a, const live_entry* b) { return a->seq > b->seq; });
        std::vector<task_actor> live;
        for (size_t i = 0; i < shown; ++i)
          live.push_back(durable[i]->actor);
        auto gatherer = spawn_recent_tasks(self, std::move(live), st.reader);
        return forward<std::vector<task_record>>(self, gatherer, recent_atom::value, limit);
      },
      [self](stats_atom) {
        auto& st = self->state;
        uint64_t processing = 0;
        for (auto& [url, e] : st.live)
          processing += e.status == task_status::processing ? 1 : 0;
        metrics::task_states(st.cfg->pipeline.metrics.get(), st.pending, processing);
        return caf::ok_atom::value;
      },
      [self](cancel_atom, const std::string& url) -> caf::result<task_record> {
        auto& st = self->state;
        if (st.shutting_down)
          return make_error(task_error::unavailable);
        auto rp = self->make_response_promise<task_record>();
        auto i = st.live.find(url);
        // A task not yet durable is invisible to clients (see live_entry::durable): what they
        // can cancel is what the store holds.
        if (i == st.live.end() || !i->second.durable) {
          cancel_from_store(self, url, rp);
          return rp;
        }
        self->request(i->second.actor, internal_timeout, cancel_atom::value)
            .then([rp](task_record& rec) mutable { rp.deliver(std::move(rec)); },
                  [self, url, rp](caf::error& err) mutable {
                    // The actor ended meanwhile (it just finished): the store knows the outcome.
                    if (err == caf::sec::request_receiver_down)
                      cancel_from_store(self, url, rp);
                    else
                      rp.deliver(std::move(err));
                  });
        return rp;
      },
      [self](shutdown_atom) -> caf::result<caf::ok_atom> {
        auto& st = self->state;
        st.shutting_down = true;
        std::vector<task_actor> running;
        for (auto& [url, e] : st.live)
          if (e.status == task_status::processing)
            running.push_back(e.actor);
        if (running.empty())
          return caf::ok_atom::value;
        log::info("shutdown: stopping ", running.size(), " running export(s)");
        auto rp = self->make_response_promise<caf::ok_atom>();
        auto remaining = std::make_shared<size_t>(running.size());
        for (auto& actor : running) {
          auto done = [rp, remaining]() mutable {
            if (--*remaining == 0)
              rp.deliver(caf::ok_atom::value);
          };
          self->request(actor, shutdown_timeout, shutdown_atom::value)
              .then([done](caf::ok_atom) mutable { done(); },
                    [done](caf::error&) mutable { done(); });
        }
        return rp;
      },
      [self](created_atom, const std::string& url, uint64_t seq) {
        auto& st = self->state;
        if (auto i = st.live.find(url);
            i != st.live.end() && i->second.seq == seq && !i->second.durable) {
          i->second.durable = true;
          ++st.durable_live;
        }
      },
      [self](finished_atom, task_record& rec) {
        auto& st = self->state;
        if (auto i = st.live.find(rec.draft_url); i != st.live.end() && i->second.seq == rec.seq)
          forget(self, rec.draft_url);
        st.cache.put(rec);
        if (storage::webhook_due(rec))
          self->send(st.webhooks, webhook_atom::value, rec);
      },
      [self](webhook_atom, task_record& rec) {
        auto& st = self->state;
        // A re-export of the draft owns the record now: the old task's delivery state has
        // nothing left to be stored with.
        if (st.live.count(rec.draft_url))
          return;
        if (auto cached = st.cache.find(rec.draft_url)) {
          if (cached->task_id != rec.task_id)
            return;
          st.cache.put(rec);
        }
        st.store->write_async(rec, true, [url = rec.draft_url](const storage::status& s) {
          if (!s.ok())
            log::error("cannot store webhook state of ", url, ": ", s.message);
        });
      },
      [self](release_atom, export_slot_actor slot) {
        // A slot that died meanwhile was replaced already; dispatching to it would cost the
        // next task an attempt.
        auto& st = self->state;
        if (!slot || st.slots.count(slot.address()) == 0)
          return;
        // A lent remote slot that drained a given-up chunk comes back through the desk.
        if (holds(st.free_slots, slot.address()) || holds(st.parked_remote, slot.address()))
          return;
        st.free_slots.push_back(slot);
        dispatch(self);
      },
      [self](requeue_atom, const std::string& url) {
        if (self->state.live.count(url)) {
          enqueue(self, url, true);
          dispatch(self);
        }
      },
      [self](sweep_atom) { sweep(self); },
      [self](loan_atom, const export_slot_actor& slot) {
        unpark(self->state, slot);
        dispatch(self);
      },
      [self](slots_atom, export_slot_actor slot, const std::string& node) {
        auto& st = self->state;
        if (!slot || st.shutting_down)
          return;
        self->monitor(slot);
        st.slots.insert(slot.address());
        st.remote_slots.emplace(slot.address(), node);
        // At the front: dispatch takes from the back, where released slots go, so the
        // coordinator's own slots (no upload needed) are used before a newly joined node's.
        st.free_slots.insert(st.free_slots.begin(), slot);
        dispatch(self);
      },
      [self](nodes_atom) { return node_loads(self->state); },
  };
}

} // namespace

supervisor_actor spawn_supervisor(caf::actor_system& sys, storage::task_store& store,
                                  const supervisor_config& cfg,
                                  std::vector<task_record> recovered) {
  return sys.spawn(supervisor, &store, &cfg, std::move(recovered));
}

} // namespace cutqueue
