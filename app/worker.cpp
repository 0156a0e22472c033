#include "app/worker.hpp"

#include "app/config.hpp"
#include "app/flags.hpp"
#include "app/orphans.hpp"
#include "cluster/protocol.hpp"
#include "fetch/download_cache.hpp"
#include "fetch/url_guard.hpp"
#include "render/resource_folder.hpp"

#include <caf/io/all.hpp>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <mutex>
#include <unistd.h>

namespace cutqueue::app {

namespace {

using worker_flag = flag<worker_settings>;

std::optional<uint64_t> number(const std::string& v, uint64_t min, uint64_t max) {
  if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  auto n = std::stoull(v);
  if (n < min || n > max)
    return std::nullopt;
  return n;
}

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof(buf) - 1) != 0 || !*buf)
    return "worker";
  return buf;
}

worker_flag secret_flag() {
  worker_flag f(
      "secret", "the coordinator's --cluster-secret; prefer CUTQUEUE_CLUSTER_SECRET",
      [](const std::string& v, worker_settings& c) {
        c.node.secret = v;
        return v.size() >= 16;
      },
      flag_kind::secret);
  f.env_alias = "CUTQUEUE_CLUSTER_SECRET";
  return f;
}

std::vector<worker_flag> worker_flags() {
  auto seconds = [](auto member) {
    return [=](const std::string& v, worker_settings& c) {
      auto d = parse_duration(v);
      if (!d || d->count() < 1)
        return false;
      member(c) = *d;
      return true;
    };
  };
  return {
      {"join", "the coordinator's --cluster-host:--cluster-port, e.g. 10.0.0.1:30001",
       [](const std::string& v, worker_settings& c) {
         auto colon = v.rfind(':');
         if (colon == std::string::npos || colon == 0)
           return false;
         auto port = number(v.substr(colon + 1), 1, 65535);
         if (!port)
           return false;
         c.node.host = v.substr(0, colon);
         c.node.port = static_cast<uint16_t>(*port);
         return true;
       }},
      secret_flag(),
      {"slots", "exports this node runs at once (default 1)",
       [](const std::string& v, worker_settings& c) {
         auto n = number(v, 1, 256);
         if (n)
           c.node.slots = static_cast<uint32_t>(*n);
         return n.has_value();
       }},
      {"data-dir", "work folders, download cache and videos before upload (default ./worker-data)",
       [](const std::string& v, worker_settings& c) {
         c.data_dir = v;
         return !v.empty();
       }},
      {"render-threads", "threads of each FFmpeg export; 0 = FFmpeg's choice (default 0)",
       [](const std::string& v, worker_settings& c) {
         auto n = number(v, 0, 64);
         if (n)
           c.node.pipeline.render_threads = static_cast<int>(*n);
         return n.has_value();
       }},
      {"name", "this node's name in the coordinator's /healthz and logs (default: host name)",
       [](const std::string& v, worker_settings& c) {
         c.node.node_name = v;
         return !v.empty() && v.size() <= 128;
       }},
      {"deny-private-networks",
       "downloads also refuse loopback, private, CGNAT and unique-local addresses (as for serve)",
       [](const std::string& v, worker_settings& c) {
         auto b = parse_bool(v);
         c.node.pipeline.fetch.network.deny_private_networks = b.value_or(false);
         return b.has_value();
       }},
      {"allow-hosts", "download only from these hosts, e.g. a.com,*.cdn.b.com (default any host)",
       [](const std::string& v, worker_settings& c) {
         auto hosts = fetch::parse_host_list(v);
         if (hosts)
           c.node.pipeline.fetch.network.allow_hosts = std::move(*hosts);
         return hosts.has_value();
       }},
      {"resource-dir",
       "the operator's Jianying resources, as for serve (filters/, stickers/, fonts/, "
       "text_effects/); re-read on SIGHUP",
       [](const std::string& v, worker_settings& c) {
         c.node.pipeline.resource_dir = v;
         return !v.empty();
       }},
      {"cluster-heartbeat", "BASP heartbeat interval (default 2 s; match the coordinator)",
       seconds([](worker_settings& c) -> std::chrono::seconds& { return c.heartbeat; })},
      {"cluster-timeout", "the coordinator is lost after this long silent (default 10 s)",
       seconds([](worker_settings& c) -> std::chrono::seconds& { return c.connection_timeout; })},
      choice<worker_settings>(
          "log-level", "debug, info, warn or error (default info)",
          [](worker_settings& c) -> log::level& { return c.log_level; },
          std::vector<std::pair<std::string, log::level>>{{"debug", log::level::debug},
                                                          {"info", log::level::info},
                                                          {"warn", log::level::warn},
                                                          {"error", log::level::error}}),
  };
}

/// Set by the worker node (on an actor thread) when it cannot go on; read by main.
struct fatal_exit {
  std::atomic<int> code{0};
  std::mutex mu;
  std::string message;
};

} // namespace

std::string worker_usage() {
  return flags_usage("usage: cutqueue worker --join HOST:PORT [flags]\n\nEvery flag can also be "
                     "set with CUTQUEUE_<FLAG>; flags win. The secret is also read from "
                     "CUTQUEUE_CLUSTER_SECRET.\n\n",
                     worker_flags(), 24);
}

std::optional<std::string> parse_worker_config(const std::vector<std::string>& args,
                                               worker_settings& out) {
  if (auto err = parse_flags(worker_flags(), args, out, out.help))
    return err;
  if (out.help)
    return std::nullopt;
  if (out.node.host.empty())
    return "--join HOST:PORT is required";
  if (out.node.secret.empty())
    return "--secret (or CUTQUEUE_CLUSTER_SECRET) is required";
  if (out.connection_timeout <= out.heartbeat)
    return "--cluster-timeout must be longer than --cluster-heartbeat";
  if (out.node.node_name.empty())
    out.node.node_name = host_name();
  out.node.pipeline.node_name = out.node.node_name;
  std::error_code ec;
  auto data = std::filesystem::absolute(out.data_dir, ec);
  auto root = ec ? out.data_dir : data.lexically_normal().string();
  out.node.pipeline.work_root = root + "/work";
  out.node.pipeline.chunk_root = root + "/chunks";
  out.node.pipeline.output_dir = root + "/outputs";
  out.node.pipeline.fetch.cache_dir = root + "/cache";
  return std::nullopt;
}

int run_worker(worker_settings cfg) {
  log::set_level(cfg.log_level);
  auto& p = cfg.node.pipeline;
  // A worker killed with -9 leaves its FFmpeg running (own process group), still taking a core
  // for an export that is already running elsewhere.
  kill_orphaned_children(p.ffmpeg, {p.work_root});
  std::error_code ec;
  for (auto* dir : {&p.work_root, &p.output_dir}) {
    // Nothing there belongs to anyone any more: a worker keeps no state across restarts.
    std::filesystem::remove_all(*dir, ec);
    std::filesystem::create_directories(*dir, ec);
    if (ec) {
      log::error("cannot create ", *dir, ": ", ec.message());
      return 1;
    }
  }
  if (p.fetch.cache_max_bytes > 0)
    p.fetch.cache = fetch::download_cache::open(p.fetch.cache_dir, p.fetch.cache_max_bytes);
  // Exports render with the worker's own folder: resources are not shipped between nodes.
  if (!p.resource_dir.empty())
    p.resources = std::make_shared<render::resource_library>(p.resource_dir);

  fatal_exit fatal;
  cfg.node.on_fatal = [&fatal](int code, const std::string& why) {
    std::lock_guard<std::mutex> lock(fatal.mu);
    fatal.message = why;
    fatal.code.store(code);
  };
  caf::actor_system_config caf_cfg;
  cluster::timing t;
  t.heartbeat = cfg.heartbeat;
  t.connection_timeout = cfg.connection_timeout;
  cluster::configure_node(caf_cfg, t);
  caf::actor_system sys{caf_cfg};
  log::info("worker ", cfg.node.node_name, ": ", cfg.node.slots, " slot(s), joining ",
            cfg.node.host, ":", cfg.node.port);
  auto node = cluster::spawn_worker_node(sys, cfg.node);

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  timespec poll{0, 100 * 1000 * 1000};
  int code = 0;
  for (;;) {
    if (auto c = fatal.code.load(); c != 0) {
      std::lock_guard<std::mutex> lock(fatal.mu);
      std::fprintf(stderr, "cutqueue worker: %s\n", fatal.message.c_str());
      code = c;
      break;
    }
    int sig = ::sigtimedwait(&set, nullptr, &poll);
    if (sig == SIGHUP) {
      log::info("received SIGHUP: ",
                p.resources ? "reading the resource folder again" : "no --resource-dir to read");
      if (p.resources)
        p.resources->reload();
      continue;
    }
    if (sig == SIGINT || sig == SIGTERM) {
      log::info("received ", sig == SIGTERM ? "SIGTERM" : "SIGINT", ": stopping");
      break;
    }
  }
  {
    // Running exports are stopped (FFmpeg killed, work folders removed); the coordinator sees
    // the node go and re-queues their tasks.
    caf::scoped_actor self{sys};
    self->request(node, std::chrono::seconds(10), shutdown_atom::value)
        .receive([](caf::ok_atom) {},
                 [](caf::error& err) { log::warn("exports still stopping: ", to_string(err)); });
  }
  caf::anon_send_exit(node, caf::exit_reason::user_shutdown);
  std::fflush(stderr);
  // Not through ~actor_system: a job thread still inside a stuck download would keep the
  // process alive, and a worker holds no state that needs an orderly end.
  ::_exit(code);
}

} // namespace cutqueue::app
