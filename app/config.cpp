#include "app/config.hpp"

#include "common/url.hpp"

#include <cctype>
#include <cstdlib>
#include <algorithm>
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

std::string env_name(const std::string& flag) {
  std::string out = "CUTQUEUE_";
  for (char c : flag)
    out.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

struct flag_spec {
  const char* name;
  const char* help;
  std::function<bool(const std::string&, service_config&)> apply;
};

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
     [](const std::string& v, service_config& c) {
       c.http.host = v;
       return !v.empty();
     }},
    {"port", "TCP port, 0 = any free port (default 30000)",
     count([](service_config& c) -> uint16_t& { return c.http.port; }, 0, 65535)},
    {"data-dir", "task store, work folders and (by default) outputs (default ./data)",
     [](const std::string& v, service_config& c) {
       c.data_dir = v;
       return !v.empty();
     }},
    {"output-dir", "where finished MP4s are published (default <data-dir>/outputs)",
     [](const std::string& v, service_config& c) {
       c.supervisor.pipeline.output_dir = v;
       return !v.empty();
     }},
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
    {"max-queued", "pending tasks before gen_video answers 503 (default 10000)",
     count([](service_config& c) -> size_t& { return c.supervisor.max_queued; }, 1,
           100000000)},
    {"max-attempts", "processing attempts before an interrupted task fails (default 3)",
     count([](service_config& c) -> uint32_t& { return c.supervisor.max_attempts; }, 1, 1000)},
    {"export-timeout", "limit on one export attempt, e.g. 1800, 30m (default 1800 s)",
     duration([](service_config& c) -> std::chrono::seconds& {
       return c.supervisor.export_timeout;
     })},
    {"retention", "how long finished tasks and their files are kept, e.g. 7d (default 7 days)",
     duration([](service_config& c) -> std::chrono::seconds& { return c.supervisor.retention; })},
    {"max-body", "largest request body, e.g. 64k (default 64 KiB)",
     [](const std::string& v, service_config& c) {
       auto n = parse_size(v);
       if (!n || *n < 64 || *n > (64u << 20))
         return false;
       c.http.max_body = *n;
       return true;
     }},
  };
}

} // namespace

std::optional<std::chrono::seconds> parse_duration(const std::string& text) {
  if (text.empty())
    return std::nullopt;
  static const std::map<std::string, uint64_t> units = {
    {"", 1}, {"s", 1}, {"m", 60}, {"min", 60}, {"h", 3600}, {"d", 86400}};
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
    {"", 1},          {"b", 1},          {"k", 1024},        {"kb", 1024},
    {"kib", 1024},    {"m", 1024 * 1024}, {"mb", 1024 * 1024}, {"mib", 1024 * 1024}};
  size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
    ++i;
  auto n = parse_uint(text.substr(0, i));
  std::string unit;
  for (char c : text.substr(i))
    unit.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  auto u = units.find(unit);
  if (!n || u == units.end() || *n > (uint64_t{1} << 40))
    return std::nullopt;
  return static_cast<size_t>(*n * u->second);
}

std::string serve_usage() {
  std::string out = "usage: cutqueue serve [flags]\n\nEvery flag can also be set with the "
                    "environment variable CUTQUEUE_<FLAG> (e.g. CUTQUEUE_PORT); flags win.\n\n";
  for (auto& f : flag_specs()) {
    std::string name = std::string{"  --"} + f.name;
    name.resize(std::max<size_t>(name.size() + 2, 28), ' ');
    out += name + f.help + "\n";
  }
  out += "  --help                    this text\n";
  return out;
}

std::optional<std::string> parse_serve_config(const std::vector<std::string>& args,
                                              service_config& out) {
  auto specs = flag_specs();
  auto find = [&](const std::string& name) -> const flag_spec* {
    for (auto& f : specs)
      if (name == f.name)
        return &f;
    return nullptr;
  };
  // Environment first, so that flags given on the command line override it.
  for (auto& f : specs) {
    if (const char* v = std::getenv(env_name(f.name).c_str()); v && *v)
      if (!f.apply(v, out))
        return "invalid value '" + std::string{v} + "' in " + env_name(f.name);
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
    auto spec = find(name);
    if (!spec)
      return "unknown flag --" + name + " (see --help)";
    std::string value;
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
    } else {
      if (i + 1 >= args.size())
        return "flag --" + name + " needs a value";
      value = args[++i];
    }
    if (!spec->apply(value, out))
      return "invalid value '" + value + "' for --" + name;
  }
  if (out.supervisor.pipeline.output_dir.empty())
    out.supervisor.pipeline.output_dir = out.data_dir + "/outputs";
  out.supervisor.pipeline.work_root = out.data_dir + "/work";
  out.http.output_dir = out.supervisor.pipeline.output_dir;
  auto quarter = out.supervisor.retention / 4;
  out.supervisor.sweep_interval =
    std::clamp<std::chrono::seconds>(quarter, std::chrono::seconds(1), std::chrono::hours(1));
  return std::nullopt;
}

} // namespace cutqueue::app
