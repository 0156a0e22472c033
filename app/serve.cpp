// `cutqueue serve`: the coordinator. Order matters here:
//   signals blocked -> data folder locked -> store opened -> HTTP up (503) -> recovery ->
//   supervisor -> ready (200) ... SIGTERM -> unready -> running exports stopped and put back ->
//   HTTP stopped -> actors gone -> store closed -> exit 0.
#include "app/serve.hpp"

#include "actors/loan_desk.hpp"
#include "actors/recovery.hpp"
#include "actors/store_chunk_ledger.hpp"
#include "actors/supervisor.hpp"
#include "app/coordinator.hpp"
#include "app/orphans.hpp"
#include "app/scheduler.hpp"
#include "common/log.hpp"
#include "common/service_metrics.hpp"
#include "fetch/download_cache.hpp"
#include "http/api_server.hpp"
#include "render/resource_folder.hpp"
#include "storage/task_store.hpp"

#include <caf/all.hpp>

#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <optional>
#include <set>
#include <sys/file.h>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>

namespace cutqueue::app {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

/// Holds an exclusive flock on <data-dir>/cutqueue.lock for the life of the process, so a
/// second server on the same folder refuses to start instead of corrupting shared state.
class instance_lock {
public:
  bool acquire(const std::string& dir, std::string& error) {
    auto path = dir + "/cutqueue.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      error = "cannot open " + path + ": " + std::strerror(errno);
      return false;
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      char buf[32] = {};
      auto n = ::pread(fd_, buf, sizeof(buf) - 1, 0);
      std::string pid = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "?";
      while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' '))
        pid.pop_back();
      error =
          "data folder " + dir + " is already in use by another cutqueue process (pid " + pid + ")";
      return false;
    }
    auto text = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) == 0 && ::pwrite(fd_, text.data(), text.size(), 0) < 0)
      log::warn("cannot write pid to ", path);
    return true;
  }
  ~instance_lock() {
    if (fd_ >= 0)
      ::close(fd_);
  }

private:
  int fd_ = -1;
};

bool make_dirs(const std::string& dir, std::string& error) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    error = "cannot create " + dir + ": " + ec.message();
    return false;
  }
  return true;
}

/// Processes, work folders and half-written outputs of exports a crash interrupted: nothing
/// refers to them.
void remove_leftovers(const service_config& cfg) {
  kill_orphaned_children(cfg.supervisor.pipeline.ffmpeg, {cfg.supervisor.pipeline.work_root});
  std::error_code ec;
  for (auto& entry : fs::directory_iterator(cfg.supervisor.pipeline.work_root, ec))
    fs::remove_all(entry.path(), ec);
  for (auto& entry : fs::directory_iterator(cfg.supervisor.pipeline.output_dir, ec)) {
    auto name = entry.path().filename().string();
    if (name.size() > 5 && name.front() == '.' && name.substr(name.size() - 5) == ".part")
      fs::remove(entry.path(), ec);
  }
}

/// Finished chunks of tasks that are no longer live (finished, or swept while the service was
/// down): only a live task's next attempt reads them.
void remove_stale_chunks(const std::string& chunk_root,
                         const std::vector<storage::task_record>& live) {
  std::set<std::string> keep;
  for (const auto& rec : live)
    keep.insert(rec.task_id);
  std::error_code ec;
  for (auto& entry : fs::directory_iterator(chunk_root, ec))
    if (!keep.count(entry.path().filename().string())) {
      log::info("chunks: removing ", entry.path().string(), " (its task is not live)");
      fs::remove_all(entry.path(), ec);
    }
}

/// Every connection holds a descriptor; thousands of idle clients must not exhaust the soft
/// limit (often 1024) while the hard limit allows more.
void raise_descriptor_limit() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &lim);
  }
}

/// Waits for SIGINT or SIGTERM; a SIGHUP in the meantime re-reads the resource folder.
int wait_for_signal(const std::shared_ptr<render::resource_library>& resources) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  for (;;) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0)
      continue;
    if (sig != SIGHUP)
      return sig;
    if (resources) {
      log::info("received SIGHUP: reading the resource folder again");
      resources->reload();
    } else {
      log::info("received SIGHUP: no --resource-dir to read");
    }
  }
}

} // namespace

void block_termination_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP); // reloads the resource folder instead of ending the process
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
}

int run_serve(service_config cfg) {
  log::set_level(cfg.log_level);
  log::set_format(cfg.log_format);
  std::string error;
  instance_lock lock;
  if (!make_dirs(cfg.data_dir, error) || !lock.acquire(cfg.data_dir, error) ||
      !make_dirs(cfg.supervisor.pipeline.output_dir, error) ||
      !make_dirs(cfg.supervisor.pipeline.work_root, error)) {
    log::error(error);
    return 1;
  }
  remove_leftovers(cfg);
  raise_descriptor_limit();

  // One registry for the process: the store, the exports and the HTTP layer record into it.
  auto registry = std::make_shared<metrics::registry>();
  metrics::declare_all(*registry);
  cfg.http.metrics = registry;
  cfg.supervisor.pipeline.metrics = registry;

  std::unique_ptr<storage::task_store> store;
  storage::store_options store_opts;
  store_opts.path = cfg.data_dir + "/db";
  store_opts.metrics = registry;
  if (auto st = storage::task_store::open(store_opts, store); !st.ok()) {
    log::error("cannot open the task store: ", st.message);
    return 1;
  }

  // One instance for the life of the process: its index and per-URL claims only protect the
  // downloads that share it, and the data folder lock keeps other processes out of the folder.
  auto& fetch = cfg.supervisor.pipeline.fetch;
  if (fetch.cache_max_bytes > 0) {
    fetch.cache = fetch::download_cache::open(fetch.cache_dir, fetch.cache_max_bytes);
    if (!fetch.cache)
      log::warn("download cache disabled: cannot use ", fetch.cache_dir);
  }

  auto& pipeline = cfg.supervisor.pipeline;
  pipeline.ledger = make_store_chunk_ledger(*store);
  cfg.supervisor.loans = std::make_shared<loan_desk>();
  pipeline.lender = cfg.supervisor.loans;
  if (!pipeline.resource_dir.empty())
    pipeline.resources = std::make_shared<render::resource_library>(pipeline.resource_dir);

  std::optional<coordinator> nodes;
  if (cfg.cluster.port)
    nodes.emplace(cfg);
  caf::actor_system_config caf_cfg;
  apply_scheduler(cfg.scheduler, caf_cfg);
  if (nodes)
    nodes->configure(caf_cfg);
  caf::actor_system sys{caf_cfg};

  http::api_server server{sys, cfg.http};
  if (nodes)
    server.set_upload_target(nodes->uploads());
  if (!server.start(error)) {
    log::error(error);
    return 1;
  }
  if (cfg.supervisor.public_url.empty())
    cfg.supervisor.public_url = "http://" + cfg.http.host + ":" + std::to_string(server.port());
  log::info("listening on ", cfg.http.host, ":", server.port(), " (data ", cfg.data_dir,
            ", outputs ", cfg.supervisor.pipeline.output_dir, ", ",
            cfg.scheduler.threads > 0 ? cfg.scheduler.threads : default_caf_threads(), " ",
            cfg.scheduler.policy, " actor threads)");

  recovery_report report;
  if (auto st = recover_tasks(*store, cfg.supervisor.max_attempts, report); !st.ok()) {
    log::error("recovery failed: ", st.message);
    server.stop();
    return 1;
  }
  remove_stale_chunks(pipeline.chunk_root, report.requeued);
  auto sup = spawn_supervisor(sys, *store, cfg.supervisor, std::move(report.requeued));
  if (nodes && !nodes->start(sys, sup, cfg.supervisor.public_url, error)) {
    log::error(error);
    server.stop();
    caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
    return 1;
  }
  server.set_ready(sup);
  log::info("ready: ", report.interrupted, " interrupted and ",
            report.requeued.size() - report.interrupted, " pending task(s) re-queued, ",
            report.failed, " failed after too many attempts");

  auto sig = wait_for_signal(pipeline.resources);
  log::info("received ", sig == SIGTERM ? "SIGTERM" : "SIGINT", ": shutting down");
  server.set_unready();
  {
    caf::scoped_actor self{sys};
    self->request(sup, 9s, shutdown_atom::value)
        .receive([](caf::ok_atom) {},
                 [](caf::error& err) { log::warn("shutdown incomplete: ", to_string(err)); });
  }
  server.drain(1s);
  server.stop();
  if (nodes)
    nodes->stop(sys);
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
  sys.await_all_actors_done();
  store->close();
  log::info("stopped");
  return 0;
}

} // namespace cutqueue::app
