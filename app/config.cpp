#include "app/config.hpp"

#include "app/flags.hpp"
#include "common/url.hpp"
#include "fetch/url_guard.hpp"
#include "http/api_keys.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>

namespace cutqueue::app {

namespace {

std::optional<uint64_t> parse_uint(const std::string& s) {
  if (s.empty() || s.size() > 18)
    return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c)))
      return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

using flag_spec = flag<service_config>;

std::vector<flag_spec> flag_specs() {
  auto count = [](auto member, uint64_t min, uint64_t max) {
    return [=](const std::string& v, service_config& c) {
      auto n = parse_uint(v);
      if (!n || *n < min || *n > max)
        return false;
      member(c) = static_cast<std::remove_reference_t<decltype(member(c))>>(*n);
      return true;
    };
  };
  auto byte_limit = [](auto member) {
    return [=](const std::string& v, service_config& c) {
      auto n = parse_size(v);
      if (!n)
        return false;
      member(c) = static_cast<int64_t>(*n); // 0 = unlimited
      return true;
    };
  };
  auto non_empty = [](auto member) {
    return [=](const std::string& v, service_config& c) {
      member(c) = v;
      return !v.empty();
    };
  };
  auto duration = [](auto member) {
    return [=](const std::string& v, service_config& c) {
      auto d = parse_duration(v);
      if (!d || d->count() < 1)
        return false;
      member(c) = *d;
      return true;
    };
  };
  return {
      {"host", "address to listen on (default 127.0.0.1)",
       non_empty([](service_config& c) -> std::string& { return c.http.host; })},
      {"port", "TCP port, 0 = any free port (default 30000)",
       count([](service_config& c) -> uint16_t& { return c.http.port; }, 0, 65535)},
      {"data-dir", "task store, work folders and (by default) outputs (default ./data)",
       non_empty([](service_config& c) -> std::string& { return c.data_dir; })},
      {"output-dir", "where finished MP4s are published (default <data-dir>/outputs)",
       non_empty(
           [](service_config& c) -> std::string& { return c.supervisor.pipeline.output_dir; })},
      {"public-url", "prefix of video_url (default http://<host>:<port>)",
       [](const std::string& v, service_config& c) {
         auto trimmed = v;
         while (!trimmed.empty() && trimmed.back() == '/')
           trimmed.pop_back();
         c.supervisor.public_url = trimmed;
         return url::parse(trimmed).has_value();
       }},
      {"max-concurrent-exports", "exports running at once (default 2)",
       count([](service_config& c) -> size_t& { return c.supervisor.max_concurrent_exports; }, 1,
             256)},
      {"local-slots",
       "exports the coordinator runs itself besides its worker nodes; 0 = none (default "
       "--max-concurrent-exports)",
       count([](service_config& c) -> size_t& { return c.supervisor.max_concurrent_exports; }, 0,
             256)},
      {"render-threads", "threads of each FFmpeg export; 0 = FFmpeg's choice (default 0)",
       count([](service_config& c) -> int& { return c.supervisor.pipeline.render_threads; }, 0,
             64)},
      {"chunk-seconds", chunk_seconds_help,
       [](const std::string& v, service_config& c) {
         auto x = parse_chunk_seconds(v);
         if (x)
           c.supervisor.pipeline.chunk_seconds = *x;
         return x.has_value();
       }},
      {"cluster-port",
       "accept worker nodes on this port (CAF's network layer, unencrypted: private networks "
       "only); 0 = any free port (default: no worker nodes)",
       [](const std::string& v, service_config& c) {
         auto n = parse_uint(v);
         if (!n || *n > 65535)
           return false;
         c.cluster.port = static_cast<uint16_t>(*n);
         return true;
       }},
      {"cluster-host", "address of --cluster-port (default --host)",
       non_empty([](service_config& c) -> std::string& { return c.cluster.host; })},
      {"cluster-secret",
       "shared secret worker nodes prove they know, at least 16 characters; prefer the "
       "environment variable",
       [](const std::string& v, service_config& c) {
         c.cluster.secret = v;
         return v.size() >= 16;
       },
       flag_kind::secret},
      {"cluster-lease",
       "a worker's export that reports no progress for this long is given up and re-queued "
       "(default 60 s)",
       duration([](service_config& c) -> std::chrono::seconds& { return c.cluster.lease; })},
      {"cluster-heartbeat", "BASP heartbeat interval on the cluster port (default 2 s)",
       duration([](service_config& c) -> std::chrono::seconds& { return c.cluster.heartbeat; })},
      {"cluster-timeout",
       "a worker node silent for this long is lost; its tasks are re-queued (default 10 s)",
       duration([](service_config& c) -> std::chrono::seconds& {
         return c.cluster.connection_timeout;
       })},
      {"max-queued", "pending tasks before gen_video answers 503 (default 10000)",
       count([](service_config& c) -> size_t& { return c.supervisor.max_queued; }, 1, 100000000)},
      {"max-attempts", "processing attempts before an interrupted task fails (default 3)",
       count([](service_config& c) -> uint32_t& { return c.supervisor.max_attempts; }, 1, 1000)},
      {"export-timeout", "limit on one export attempt, e.g. 1800, 30m (default 1800 s)",
       duration(
           [](service_config& c) -> std::chrono::seconds& { return c.supervisor.export_timeout; })},
      {"retention", "how long finished tasks and their files are kept, e.g. 7d (default 7 days)",
       duration([](service_config& c) -> std::chrono::seconds& { return c.supervisor.retention; })},
      {"header-timeout",
       "time a client has to send a request's head, then 408 and close (default 10 s)",
       duration([](service_config& c) -> std::chrono::seconds& { return c.http.header_timeout; })},
      {"body-timeout", "time a client has to send a request's body (default 30 s)",
       duration([](service_config& c) -> std::chrono::seconds& { return c.http.body_timeout; })},
      {"keepalive-timeout", "idle keep-alive connections are closed after this (default 75 s)",
       duration(
           [](service_config& c) -> std::chrono::seconds& { return c.http.keepalive_timeout; })},
      {"max-body", "largest request body, e.g. 64k (default 64 KiB)",
       [](const std::string& v, service_config& c) {
         auto n = parse_size(v);
         if (!n || *n < 64 || *n > (64u << 20))
           return false;
         c.http.max_body = *n;
         return true;
       }},
      {"cache-dir", "downloaded media kept for later tasks (default <data-dir>/cache)",
       non_empty([](service_config& c) -> std::string& {
         return c.supervisor.pipeline.fetch.cache_dir;
       })},
      {"cache-size", "limit of --cache-dir, e.g. 500M, 2G; 0 = no cache (default 2G)",
       [](const std::string& v, service_config& c) {
         auto n = parse_size(v);
         if (!n)
           return false;
         c.supervisor.pipeline.fetch.cache_max_bytes = *n;
         return true;
       }},
      {"deny-private-networks",
       "downloads also refuse loopback, private, CGNAT and unique-local addresses (link-local "
       "and cloud metadata addresses are always refused)",
       [](const std::string& v, service_config& c) {
         auto b = parse_bool(v);
         c.supervisor.pipeline.fetch.network.deny_private_networks = b.value_or(false);
         return b.has_value();
       },
       flag_kind::boolean_switch},
      {"allow-hosts", "download only from these hosts, e.g. a.com,*.cdn.b.com (default any host)",
       [](const std::string& v, service_config& c) {
         auto hosts = fetch::parse_host_list(v);
         if (!hosts)
           return false;
         c.supervisor.pipeline.fetch.network.allow_hosts = std::move(*hosts);
         return true;
       }},
      {"max-download-size", "largest downloaded file, e.g. 500M, 2G; 0 = no limit (default 2G)",
       byte_limit([](service_config& c) -> int64_t& {
         return c.supervisor.pipeline.fetch.max_file_download;
       })},
      {"max-task-download", "bytes one task may download in all; 0 = no limit (default 8G)",
       byte_limit([](service_config& c) -> int64_t& {
         return c.supervisor.pipeline.fetch.max_task_download;
       })},
      {"api-key", "key required on /openapi/... routes; repeatable (default none: open API)",
       [](const std::string& v, service_config& c) {
         if (!http::valid_api_key(v))
           return false;
         c.http.api_keys.push_back(v);
         return true;
       },
       flag_kind::secret, [](service_config& c) { c.http.api_keys.clear(); }},
      {"unsupported-features",
       "skip (default): render what can be drawn and name the rest in the log; fail: a draft "
       "that uses anything the renderer cannot draw fails with the list",
       [](const std::string& v, service_config& c) {
         c.supervisor.pipeline.fail_on_unsupported = v == "fail";
         return v == "fail" || v == "skip";
       }},
      {"resource-dir",
       "folder of Jianying resources: filters/<id or name>.cube, stickers/<id>.<png|webp|gif|"
       "apng|mp4|webm>, fonts/<id or name>.<ttf|otf>, text_effects/<id>.png; re-read on SIGHUP",
       non_empty(
           [](service_config& c) -> std::string& { return c.supervisor.pipeline.resource_dir; })},
      {"default-callback-url",
       "completion webhook for gen_video requests without callback_url (default none)",
       [](const std::string& v, service_config& c) {
         c.supervisor.webhooks.default_callback_url = v;
         return url::parse(v).has_value();
       }},
      {"webhook-secret", "HMAC-SHA256 key that signs webhooks (X-Cutqueue-Signature)",
       [](const std::string& v, service_config& c) {
         c.supervisor.webhooks.secret = v;
         return !v.empty();
       },
       flag_kind::secret},
      {"webhook-give-up", "how long a webhook is retried after its task ended (default 24h)",
       duration([](service_config& c) -> std::chrono::seconds& {
         return c.supervisor.webhooks.give_up;
       })},
      {"api-key-file", "file of API keys, one per line (# comments and blank lines ignored)",
       non_empty([](service_config& c) -> std::string& { return c.api_key_file; })},
      {"caf-threads", "worker threads of the actor scheduler (default: one per core, at least 2)",
       count([](service_config& c) -> size_t& { return c.scheduler.threads; }, 1, 256)},
      choice<service_config>(
          "response-style",
          "answers of /openapi/... routes: plain (api.md, HTTP status codes) or capcut-mate "
          "(always HTTP 200 with code and message); a request's X-Response-Style header "
          "overrides it (default plain)",
          [](service_config& c) -> http::response_style& { return c.http.default_style; },
          std::vector<std::pair<std::string, http::response_style>>{
              {"plain", http::response_style::plain},
              {"capcut-mate", http::response_style::capcut_mate}}),
      choice<service_config>(
          "caf-policy", "actor scheduler policy: sharing or stealing (default sharing)",
          [](service_config& c) -> std::string& { return c.scheduler.policy; },
          std::vector<std::pair<std::string, std::string>>{{"sharing", "sharing"},
                                                           {"stealing", "stealing"}}),
      choice<service_config>(
          "log-format", "log lines: text or json (one object per line) (default text)",
          [](service_config& c) -> log::format& { return c.log_format; },
          std::vector<std::pair<std::string, log::format>>{{"text", log::format::text},
                                                           {"json", log::format::json}}),
      choice<service_config>(
          "log-level", "lowest level logged: debug, info, warn or error (default info)",
          [](service_config& c) -> log::level& { return c.log_level; },
          std::vector<std::pair<std::string, log::level>>{{"debug", log::level::debug},
                                                          {"info", log::level::info},
                                                          {"warn", log::level::warn},
                                                          {"error", log::level::error}}),
  };
}

} // namespace

std::optional<std::chrono::seconds> parse_duration(const std::string& text) {
  if (text.empty())
    return std::nullopt;
  static const std::map<std::string, uint64_t> units = {{"", 1},     {"s", 1},    {"m", 60},
                                                        {"min", 60}, {"h", 3600}, {"d", 86400}};
  size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
    ++i;
  auto n = parse_uint(text.substr(0, i));
  auto u = units.find(text.substr(i));
  if (!n || u == units.end() || *n > (uint64_t{1} << 40))
    return std::nullopt;
  return std::chrono::seconds(*n * u->second);
}

std::optional<size_t> parse_size(const std::string& text) {
  static const std::map<std::string, uint64_t> units = {
      {"", 1},         {"b", 1},           {"k", 1024},         {"kb", 1024},
      {"kib", 1024},   {"m", 1024 * 1024}, {"mb", 1024 * 1024}, {"mib", 1024 * 1024},
      {"g", 1u << 30}, {"gb", 1u << 30},   {"gib", 1u << 30}};
  size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
    ++i;
  auto n = parse_uint(text.substr(0, i));
  std::string unit;
  for (char c : text.substr(i))
    unit.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  auto u = units.find(unit);
  if (!n || u == units.end() || *n > (uint64_t{1} << 40) || *n > UINT64_MAX / u->second)
    return std::nullopt;
  return static_cast<size_t>(*n * u->second);
}

std::string serve_usage() {
  return flags_usage("usage: cutqueue serve [flags]\n\nEvery flag can also be set with the "
                     "environment variable CUTQUEUE_<FLAG> (e.g. CUTQUEUE_PORT); flags win.\n\n",
                     flag_specs(), 28);
}

std::optional<std::string> parse_serve_config(const std::vector<std::string>& args,
                                              service_config& out) {
  if (auto err = parse_flags(flag_specs(), args, out, out.help))
    return err;
  if (!out.api_key_file.empty())
    if (auto err = http::read_api_key_file(out.api_key_file, out.http.api_keys))
      return "--api-key-file: " + *err;
  if (out.cluster.port && out.cluster.secret.empty())
    return "--cluster-port needs --cluster-secret (or CUTQUEUE_CLUSTER_SECRET)";
  if (!out.cluster.port && out.supervisor.max_concurrent_exports == 0)
    return "--local-slots 0 needs --cluster-port: nothing would run exports";
  if (out.cluster.connection_timeout <= out.cluster.heartbeat)
    return "--cluster-timeout must be longer than --cluster-heartbeat";
  if (out.cluster.host.empty())
    out.cluster.host = out.http.host;
  if (out.supervisor.pipeline.output_dir.empty())
    out.supervisor.pipeline.output_dir = out.data_dir + "/outputs";
  // Absolute, because FFmpeg gets its inputs by these paths and the next start recognises
  // FFmpeg left over from a crash by them (app/orphans.hpp), whatever the working folder.
  std::error_code ec;
  auto data = std::filesystem::absolute(out.data_dir, ec);
  out.supervisor.pipeline.work_root =
      (ec ? out.data_dir : data.lexically_normal().string()) + "/work";
  out.supervisor.pipeline.chunk_root =
      (ec ? out.data_dir : data.lexically_normal().string()) + "/chunks";
  if (out.supervisor.pipeline.fetch.cache_dir.empty())
    out.supervisor.pipeline.fetch.cache_dir = out.data_dir + "/cache";
  out.http.output_dir = out.supervisor.pipeline.output_dir;
  // Caches may keep an output as long as the service does: its name never gets other content.
  out.http.output_max_age = out.supervisor.retention;
  auto quarter = out.supervisor.retention / 4;
  out.supervisor.sweep_interval =
      std::clamp<std::chrono::seconds>(quarter, std::chrono::seconds(1), std::chrono::hours(1));
  return std::nullopt;
}

} // namespace cutqueue::app
