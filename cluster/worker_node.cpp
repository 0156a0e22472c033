#include "cluster/worker_node.hpp"

#include "cluster/auth.hpp"
#include "cluster/protocol.hpp"
#include "cluster/remote_ledger.hpp"
#include "cluster/upload_client.hpp"
#include "common/log.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

namespace cutqueue::cluster {

namespace {

using namespace std::chrono_literals;
using exporting::export_result;

constexpr auto min_backoff = 250ms;
/// Progress is re-sent at least this often while the pipeline reports anything at all, so
/// that the coordinator's lease sees a live export even when the percentage stands still.
constexpr auto progress_refresh = 1s;
/// While exports of a lost coordinator are still stopping, rejoining waits in steps of this.
constexpr auto stopping_poll = 200ms;

struct job {
  bool busy = false;
  uint64_t generation = 0;
  std::shared_ptr<cancel_token> cancel;
  caf::actor slot; ///< the coordinator's remote_slot: progress goes there
  caf::typed_response_promise<export_result> reply;
};

struct node_state {
  const worker_config* cfg = nullptr;
  caf::actor registrar;
  bool joined = false;
  std::string upload_url;
  uint64_t upload_chunk = 1 << 20;
  std::vector<job> jobs;
  std::chrono::milliseconds backoff = min_backoff;
  bool fatal = false;
  std::optional<caf::typed_response_promise<caf::ok_atom>> stopped; ///< answered once idle

  static inline const char* name = "cutqueue.worker_node";
};

using node_pointer = caf::stateful_actor<node_state>*;

struct job_args {
  std::string draft_url, task_id;
  upload_target_info upload;
  uint32_t index = 0;
  uint64_t generation = 0;
  std::shared_ptr<cancel_token> cancel;
  caf::actor node;
  const exporting::pipeline_config* pipeline = nullptr;
  /// A unit: one chunk of a coordinator's export; no unit: the coordinator's settings for a
  /// whole export.
  std::optional<exporting::chunk_request> chunk;
};

/// The coordinator holds every chunk this node finished; the local copies would only pile up.
void drop_local_chunks(const exporting::pipeline_config& p, const std::string& task_id) {
  if (p.chunk_root.empty() || task_id.empty() || task_id.find('/') != std::string::npos ||
      task_id.front() == '.')
    return;
  std::error_code ec;
  std::filesystem::remove_all(std::filesystem::path(p.chunk_root) / task_id, ec);
}

/// Runs on the job's own thread: the export, then the upload. An upload that fails is an
/// error, not a failed task: the coordinator puts the task back and tries again elsewhere.
caf::result<export_result> run_job(const job_args& a) {
  int last = -1;
  auto last_sent = std::chrono::steady_clock::now() - progress_refresh;
  auto report = [&](int percent, bool force) {
    auto now = std::chrono::steady_clock::now();
    if (percent != last || force || now - last_sent >= progress_refresh) {
      last = percent;
      last_sent = now;
      caf::anon_send(a.node, progress_atom::value, a.index, a.generation,
                     static_cast<int32_t>(percent));
    }
  };
  // A unit named: one chunk of an export the coordinator runs. None: the whole export, whose
  // own chunks (a long draft) go to the coordinator as they finish, so that losing this node
  // costs only the chunk in progress; it renders with the coordinator's chunk length and preset
  // so that they match the chunks any node renders for the same task.
  const bool whole = a.chunk && a.chunk->unit.empty();
  exporting::export_request req{a.draft_url, a.task_id, whole ? std::nullopt : a.chunk};
  exporting::pipeline_config pipeline = *a.pipeline;
  pipeline.ledger = nullptr;
  if (whole) {
    pipeline.chunk_seconds = a.chunk->seconds;
    if (!a.chunk->x264_preset.empty())
      pipeline.x264_preset = a.chunk->x264_preset;
    pipeline.ledger =
        make_remote_ledger(a.upload, *a.cancel, [&] { report(std::max(last, 0), true); });
  }
  auto res = exporting::run_export(
      req, pipeline, [&](int p) { report(p, false); }, *a.cancel);
  drop_local_chunks(pipeline, a.task_id);
  if (!res.ok)
    return res;
  auto file = a.pipeline->output_dir + "/" + res.output_file;
  auto up = upload_result(a.upload, file, res.output_file, *a.cancel,
                          [&] { report(std::min(last, 99), true); });
  std::error_code ec;
  std::filesystem::remove(file, ec);
  if (!up.ok) {
    if (a.cancel->cancelled()) {
      res.ok = false;
      res.cancelled = true;
      return res;
    }
    log::warn("task ", a.task_id, ": cannot upload the video: ", up.error);
    return caf::make_error(caf::sec::runtime_error, "upload failed: " + up.error);
  }
  log::info("task ", a.task_id, ": uploaded ", res.output_file);
  return res;
}

caf::behavior export_job(caf::event_based_actor* self, job_args a) {
  return {
      [self, a](run_atom) -> caf::result<export_result> {
        auto r = run_job(a);
        self->quit();
        return r;
      },
  };
}

void connect(node_pointer self);

void fatal(node_pointer self, int code, const std::string& why) {
  auto& st = self->state;
  if (st.fatal)
    return;
  st.fatal = true;
  log::error(why);
  if (st.cfg->on_fatal)
    st.cfg->on_fatal(code, why);
}

void retry_later(node_pointer self, const std::string& why) {
  auto& st = self->state;
  if (st.fatal)
    return;
  log::warn("coordinator ", st.cfg->host, ":", st.cfg->port, ": ", why, "; retrying in ",
            st.backoff.count(), " ms");
  self->delayed_send(self, st.backoff, reconnect_atom::value);
  st.backoff = std::min(st.backoff * 2, st.cfg->max_backoff);
}

/// `coordinator_ok`: the coordinator proved it knows our secret. When it did not, the join
/// still goes out so that the coordinator logs the refusal on its side too.
void join(node_pointer self, const std::string& challenge, const std::string& nonce,
          bool coordinator_ok) {
  auto& st = self->state;
  auto proof = worker_proof(st.cfg->secret, challenge, nonce, st.cfg->node_name);
  self->request(st.registrar, caf::duration{st.cfg->request_timeout}, join_atom::value, challenge,
                proof, st.cfg->slots, caf::actor{self})
      .then(
          [self, coordinator_ok](std::string& upload_url, uint64_t chunk) {
            auto& st = self->state;
            if (!coordinator_ok) {
              fatal(self, 3, "the coordinator could not prove it knows the cluster secret");
              return;
            }
            st.joined = true;
            st.upload_url = upload_url;
            st.upload_chunk = std::max<uint64_t>(chunk, 1024);
            st.backoff = min_backoff;
            self->monitor(st.registrar);
            log::info("joined coordinator ", st.cfg->host, ":", st.cfg->port, " with ",
                      st.cfg->slots, " slot(s); results go to ", upload_url);
          },
          [self](caf::error& err) {
            if (err.category() == cluster_error_category &&
                err.code() == static_cast<uint8_t>(cluster_error::wrong_secret)) {
              fatal(self, 3, "the coordinator refused this worker: wrong cluster secret");
              return;
            }
            retry_later(self, "join failed: " + self->system().render(err));
          });
}

void hello(node_pointer self) {
  auto& st = self->state;
  auto nonce = random_hex();
  self->request(st.registrar, caf::duration{st.cfg->request_timeout}, hello_atom::value, nonce,
                st.cfg->node_name)
      .then(
          [self, nonce](std::string& challenge, std::string& proof) {
            auto& st = self->state;
            bool ok =
                equal_constant_time(proof, coordinator_proof(st.cfg->secret, nonce, challenge));
            join(self, challenge, nonce, ok);
          },
          [self](caf::error& err) {
            retry_later(self, "no challenge: " + self->system().render(err));
          });
}

void connect(node_pointer self) {
  auto& st = self->state;
  if (st.fatal || st.joined)
    return;
  for (auto& j : st.jobs)
    if (j.busy) {
      // Exports of the lost coordinator are still stopping: join once every slot is free.
      self->delayed_send(self, stopping_poll, reconnect_atom::value);
      return;
    }
  auto mm = self->system().middleman().actor_handle();
  self->request(mm, caf::duration{st.cfg->request_timeout}, caf::connect_atom::value, st.cfg->host,
                st.cfg->port)
      .then(
          [self](const caf::node_id&, caf::strong_actor_ptr& ptr, const std::set<std::string>&) {
            if (!ptr) {
              retry_later(self, "nothing published on the cluster port");
              return;
            }
            self->state.registrar = caf::actor_cast<caf::actor>(ptr);
            hello(self);
          },
          [self](caf::error& err) {
            retry_later(self, "cannot connect: " + self->system().render(err));
          });
}

void coordinator_lost(node_pointer self, const caf::error& reason) {
  auto& st = self->state;
  st.joined = false;
  st.registrar = nullptr;
  size_t stopped = 0;
  for (auto& j : st.jobs)
    if (j.busy) {
      j.cancel->cancel(cancel_reason::shutdown);
      ++stopped;
    }
  log::warn("coordinator lost (", self->system().render(reason), "); stopped ", stopped,
            " export(s) of superseded attempts; reconnecting");
  retry_later(self, "lost");
}

/// Runs an export (or one chunk of a coordinator's export) in slot `index` on its own thread.
caf::result<export_result> start_job(node_pointer self, uint32_t index,
                                     const std::string& draft_url, const std::string& task_id,
                                     const std::string& token, uint64_t generation,
                                     const std::optional<exporting::chunk_request>& chunk) {
  auto& st = self->state;
  if (!st.joined || index >= st.jobs.size() || st.jobs[index].busy)
    return caf::make_error(caf::sec::runtime_error, "worker slot not available");
  auto& j = st.jobs[index];
  j.busy = true;
  j.generation = generation;
  j.cancel = std::make_shared<cancel_token>();
  j.slot = caf::actor_cast<caf::actor>(self->current_sender());
  j.reply = self->make_response_promise<export_result>();
  job_args a{draft_url,
             task_id,
             {st.upload_url, task_id, token, st.upload_chunk},
             index,
             generation,
             j.cancel,
             caf::actor{self},
             &st.cfg->pipeline,
             chunk};
  log::info("task ", task_id,
            chunk && !chunk->unit.empty() ? ": chunk " + chunk->unit : std::string(": export"),
            " started in slot ", index);
  auto worker = self->spawn<caf::detached>(export_job, std::move(a));
  auto finish = [self, index, generation](auto&& outcome) {
    auto& j = self->state.jobs[index];
    if (!j.busy || j.generation != generation)
      return;
    j.busy = false;
    j.slot = nullptr;
    j.reply.deliver(std::forward<decltype(outcome)>(outcome));
    auto& st = self->state;
    if (st.stopped &&
        std::none_of(st.jobs.begin(), st.jobs.end(), [](const job& x) { return x.busy; }))
      st.stopped->deliver(caf::ok_atom::value);
  };
  self->request(worker, caf::infinite, run_atom::value)
      .then([finish](export_result& res) mutable { finish(std::move(res)); },
            [finish](caf::error& err) mutable { finish(std::move(err)); });
  return j.reply;
}

caf::behavior worker_node(node_pointer self, const worker_config* cfg) {
  auto& st = self->state;
  st.cfg = cfg;
  st.jobs.resize(cfg->slots);
  self->set_down_handler([self](caf::down_msg& dm) {
    if (self->state.registrar && dm.source == self->state.registrar.address())
      coordinator_lost(self, dm.reason);
  });
  self->send(self, reconnect_atom::value);
  return {
      [self](reconnect_atom) { connect(self); },
      [self](run_atom, uint32_t index, const std::string& draft_url, const std::string& task_id,
             const std::string& token, uint64_t generation, const exporting::chunk_request& chunk) {
        return start_job(self, index, draft_url, task_id, token, generation, chunk);
      },
      [self](progress_atom, uint32_t index, uint64_t generation, int32_t percent) {
        auto& st = self->state;
        if (index < st.jobs.size() && st.jobs[index].busy &&
            st.jobs[index].generation == generation && st.jobs[index].slot)
          self->send(st.jobs[index].slot, progress_atom::value, generation, percent);
      },
      [self](shutdown_atom) -> caf::result<caf::ok_atom> {
        auto& st = self->state;
        st.fatal = true; // no reconnecting
        bool busy = false;
        for (auto& j : st.jobs)
          if (j.busy) {
            j.cancel->cancel(cancel_reason::shutdown);
            busy = true;
          }
        if (!busy)
          return caf::ok_atom::value;
        st.stopped = self->make_response_promise<caf::ok_atom>();
        return *st.stopped;
      },
      [self](cancel_atom, uint32_t index, uint64_t generation) {
        auto& st = self->state;
        if (index < st.jobs.size() && st.jobs[index].busy &&
            st.jobs[index].generation == generation) {
          log::info("coordinator cancelled the export in slot ", index);
          st.jobs[index].cancel->cancel(cancel_reason::shutdown);
        }
      },
  };
}

} // namespace

caf::actor spawn_worker_node(caf::actor_system& sys, const worker_config& cfg) {
  return sys.spawn(worker_node, &cfg);
}

} // namespace cutqueue::cluster
