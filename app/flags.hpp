// The command-line flags of `cutqueue serve` and `cutqueue worker`: one table per command, each
// flag also read from CUTQUEUE_<FLAG> (flags win), one parser and one --help layout for both.
#pragma once

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cutqueue::app {

/// "max-body" -> "CUTQUEUE_MAX_BODY".
std::string env_name(const std::string& flag);

/// 1/true/yes/on, 0/false/no/off.
std::optional<bool> parse_bool(const std::string& v);

/// --chunk-seconds: 0 (never chunk) or 0.5 to 3600 seconds, decimals allowed.
std::optional<double> parse_chunk_seconds(const std::string& v);

/// The help text of --chunk-seconds, the same for serve and worker.
inline constexpr const char* chunk_seconds_help =
    "drafts longer than this render in chunks of this many seconds: bounded memory, several "
    "slots at once, finished chunks kept across restarts; 0 = never (default 30)";

enum class flag_kind {
  value,
  boolean_switch, ///< no value: "--flag" means "true"; "--flag=false", CUTQUEUE_FLAG=0 work too
  secret,         ///< error texts never repeat the value
};

template <class Config>
struct flag {
  using apply_fn = std::function<bool(const std::string&, Config&)>;
  using reset_fn = std::function<void(Config&)>;

  flag(const char* n, const char* h, apply_fn a, flag_kind k = flag_kind::value, reset_fn r = {})
      : name(n), help(h), apply(std::move(a)), kind(k), reset(std::move(r)) {}

  const char* name;
  const char* help;
  apply_fn apply;
  flag_kind kind;
  /// Set for repeatable flags: the first use on the command line drops the environment's value
  /// (flags win), later uses add to it.
  reset_fn reset;
  /// Set for flags with a fixed set of values: error messages list them.
  std::string accepted;
  /// A second variable read when CUTQUEUE_<FLAG> is unset (CUTQUEUE_CLUSTER_SECRET).
  const char* env_alias = nullptr;
};

/// A flag whose value is one of `choices` (text -> value stored through `member`).
template <class Config, class Member, class T>
flag<Config> choice(const char* name, const char* help, Member member,
                    std::vector<std::pair<std::string, T>> choices) {
  flag<Config> f(name, help, [=](const std::string& v, Config& c) {
    for (auto& [text, value] : choices)
      if (v == text) {
        member(c) = value;
        return true;
      }
    return false;
  });
  for (auto& [text, value] : choices)
    f.accepted += (f.accepted.empty() ? "" : ", ") + text;
  return f;
}

/// "  --name    help" lines under `header`, then --help.
template <class Config>
std::string flags_usage(const std::string& header, const std::vector<flag<Config>>& flags,
                        size_t width) {
  std::string out = header;
  auto line = [&](std::string name, const std::string& help) {
    name.resize(std::max<size_t>(name.size() + 2, width), ' ');
    out += name + help + "\n";
  };
  for (auto& f : flags)
    line(std::string{"  --"} + f.name, f.help);
  line("  --help", "this text");
  return out;
}

/// Applies the environment, then `args` (--name value, --name=value, switches); --help / -h
/// set `help`. Returns the error text naming the flag (never a secret's value), or nullopt.
template <class Config>
std::optional<std::string> parse_flags(const std::vector<flag<Config>>& flags,
                                       const std::vector<std::string>& args, Config& out,
                                       bool& help) {
  auto invalid = [](const flag<Config>& f, const std::string& v, const std::string& where) {
    std::string text = f.kind == flag_kind::secret ? "invalid value " + where
                                                   : "invalid value '" + v + "' " + where;
    return f.accepted.empty() ? text : text + " (one of: " + f.accepted + ")";
  };
  for (auto& f : flags) {
    std::string env = env_name(f.name);
    const char* v = std::getenv(env.c_str());
    if (!(v && *v) && f.env_alias) {
      env = f.env_alias;
      v = std::getenv(env.c_str());
    }
    if (v && *v && !f.apply(v, out))
      return invalid(f, v, "in " + env);
  }
  std::vector<const flag<Config>*> reset_done;
  for (size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      help = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0)
      return "unexpected argument '" + arg + "'";
    auto eq = arg.find('=');
    auto name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    auto spec = std::find_if(flags.begin(), flags.end(),
                             [&](const flag<Config>& f) { return name == f.name; });
    if (spec == flags.end())
      return "unknown flag --" + name + " (see --help)";
    std::string value;
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
    } else if (spec->kind == flag_kind::boolean_switch) {
      value = "true";
    } else {
      if (i + 1 >= args.size())
        return "flag --" + name + " needs a value";
      value = args[++i];
    }
    if (spec->reset &&
        std::find(reset_done.begin(), reset_done.end(), &*spec) == reset_done.end()) {
      spec->reset(out);
      reset_done.push_back(&*spec);
    }
    if (!spec->apply(value, out))
      return invalid(*spec, value, "for --" + name);
  }
  return std::nullopt;
}

} // namespace cutqueue::app
