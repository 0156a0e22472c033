#include "app/worker.hpp"

#include "app/config.hpp"
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

struct worker_flag {
  const char* name;
  const char* help;
  std::function<bool(const std::string&, worker_settings&)> apply;
  bool secret = false;
};

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
      {"secret", "the coordinator's --cluster-secret; prefer CUTQUEUE_CLUSTER_SECRET",
       [](const std::string& v, worker_settings& c) {
         c.node.secret = v;
         return v.size() >= 16;
       },
       true},
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
         bool on = v == "1" || v == "true" || v == "yes" || v == "on";
         bool off = v == "0" || v == "false" || v == "no" || v == "off";
         c.node.pipeline.fetch.network.deny_private_networks = on;
         return on || off;
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
      {"log-level", "debug, info, warn or error (default info)",
       [](const std::string& v, worker_settings& c) {
         static const std::pair<const char*, log::level> levels[] = {{"debug", log::level::debug},
                                                                     {"info", log::level::info},
                                                                     {"warn", log::level::warn},
                                                                     {"error", log::level::error}};
         for (auto& [text, lvl] : levels)
           if (v == text) {
             c.log_level = lvl;
             return true;
           }
         return false;
       }},
  };
}

std::string env_name(const std::string& flag) {
  std::string out = "CUTQUEUE_";
  for (char c : flag)
    out.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

/// Set by the worker node (on an actor thread) when it cannot go on; read by main.
struct fatal_exit {
  std::atomic<int> code{0};
  std::mutex mu;
  std::string message;
};

} // namespace

std::string worker_usage() {
  std::string out = "usage: cutqueue worker --join HOST:PORT [flags]\n\nEvery flag can also be "
                    "set with CUTQUEUE_<FLAG>; flags win. The secret is also read from "
                    "CUTQUEUE_CLUSTER_SECRET.\n\n";
  for (auto& f : worker_flags()) {
    std::string name = std::string{"  --"} + f.name;
    name.resize(std::max<size_t>(name.size() + 2, 24), ' ');
    out += name + f.help + "\n";
  }
  out += "  --help                this text\n";
  return out;
}

std::optional<std::string> parse_worker_config(const std::vector<std::string>& args,
                                               worker_settings& out) {
  auto flags = worker_flags();
  auto invalid = [](const worker_flag& f, const std::string& v, const std::string& where) {
    return f.secret ? "invalid value " + where : "invalid value '" + v + "' " + where;
  };
  for (auto& f : flags) {
    auto env = env_name(f.name);
    const char* v = std::getenv(env.c_str());
    if (std::string{f.name} == "secret" && !(v && *v)) {
      env = "CUTQUEUE_CLUSTER_SECRET";
      v = std::getenv(env.c_str());
    }
    if (v && *v && !f.apply(v, out))
      return invalid(f, v, "in " + env);
  }
  for (size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      out.help = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0)
      return "unexpected argument '" + arg + "'";
    auto eq = arg.find('=');
    auto name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    const worker_flag* spec = nullptr;
    for (auto& f : flags)
      if (name == f.name)
        spec = &f;
    if (!spec)
      return "unknown flag --" + name + " (see --help)";
    std::string value;
    if (eq != std::string::npos)
      value = arg.substr(eq + 1);
    else if (i + 1 < args.size())
      value = args[++i];
    else
      return "flag --" + name + " needs a value";
    if (!spec->apply(value, out))
      return invalid(*spec, value, "for --" + name);
  }
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
  std::error_code ec;
  auto data = std::filesystem::absolute(out.data_dir, ec);
  auto root = ec ? out.data_dir : data.lexically_normal().string();
  out.node.pipeline.work_root = root + "/work";
  out.node.pipeline.output_dir = root + "/outputs";
  out.node.pipeline.fetch.cache_dir = root + "/cache";
  return std::nullopt;
}

int run_worker(worker_settings cfg) {
  log::set_level(cfg.log_level);
  auto& p = cfg.node.pipeline;
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
