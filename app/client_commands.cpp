#include "app/client_commands.hpp"

#include "app/api_client.hpp"
#include "app/progress_view.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <unistd.h>

namespace cutqueue::app {

namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

/// How often --wait asks for the status.
constexpr auto poll_interval = 500ms;
/// How long --wait rides out a server that does not answer (a restart) before giving up.
constexpr auto unreachable_limit = 30s;

struct client_args {
  client_options opts;
  std::string draft_url;
  bool wait = false;
  bool json_out = false;
};

/// Parses flags shared by the commands; `allowed` names the switches this command accepts.
std::optional<std::string> parse_args(const std::vector<std::string>& args, bool wants_url,
                                      const std::vector<std::string>& allowed, client_args& out) {
  if (const char* s = std::getenv("CUTQUEUE_SERVER"); s && *s)
    out.opts.server = s;
  if (const char* k = std::getenv("CUTQUEUE_API_KEY"); k && *k)
    out.opts.api_key = k;
  auto allows = [&](const std::string& f) {
    for (auto& a : allowed)
      if (a == f)
        return true;
    return false;
  };
  for (size_t i = 1; i < args.size(); ++i) {
    auto arg = args[i];
    std::optional<std::string> inline_value;
    if (auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      inline_value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    }
    auto value = [&]() -> std::optional<std::string> {
      if (inline_value)
        return inline_value;
      if (i + 1 < args.size())
        return args[++i];
      return std::nullopt;
    };
    if (arg == "--server" || arg == "--api-key") {
      auto v = value();
      if (!v || v->empty())
        return "flag " + arg + " needs a value";
      (arg == "--server" ? out.opts.server : out.opts.api_key) = *v;
    } else if (arg == "--wait" && allows(arg)) {
      out.wait = true;
    } else if (arg == "--json" && allows(arg)) {
      out.json_out = true;
    } else if (arg.rfind("--", 0) == 0) {
      return "unknown flag " + arg;
    } else if (wants_url && out.draft_url.empty()) {
      out.draft_url = arg;
    } else {
      return "unexpected argument '" + arg + "'";
    }
  }
  if (wants_url && out.draft_url.empty())
    return "missing DRAFT_URL";
  return std::nullopt;
}

std::string url_body(const std::string& draft_url) {
  return json{{"draft_url", draft_url}}.dump();
}

int fail(const std::string& what) {
  std::fprintf(stderr, "cutqueue: %s\n", what.c_str());
  return 1;
}

/// Waits up to `d` for SIGINT or SIGTERM; true when one came.
bool interrupted_within(std::chrono::milliseconds d) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  timespec ts{static_cast<time_t>(d.count() / 1000), static_cast<long>(d.count() % 1000) * 1000000};
  return sigtimedwait(&set, nullptr, &ts) > 0;
}

int wait_for(const client_args& a) {
  const bool tty = ::isatty(STDOUT_FILENO) == 1;
  auto begin = std::chrono::steady_clock::now();
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  };
  eta_estimator eta;
  std::string last_line;
  std::optional<std::chrono::steady_clock::time_point> unreachable_since;
  auto end_bar = [&] {
    if (tty)
      std::fputs("\n", stdout);
  };
  for (;;) {
    auto r = call_api(a.opts, "POST", "gen_video_status", url_body(a.draft_url));
    auto doc = json::parse(r.body, nullptr, false);
    if (r.status == 0 || r.status == 503) {
      // A restarting server: keep waiting for a while, the task is durable.
      if (!unreachable_since)
        unreachable_since = std::chrono::steady_clock::now();
      if (std::chrono::steady_clock::now() - *unreachable_since > unreachable_limit) {
        end_bar();
        return fail(reply_error(r));
      }
    } else if (r.status != 200 || !doc.is_object()) {
      end_bar();
      return fail(reply_error(r));
    } else {
      unreachable_since.reset();
      auto status = doc.value("status", "");
      int percent = doc.value("progress", 0);
      eta.sample(status, percent, seconds());
      if (tty) {
        auto bar = render_bar(status, percent, seconds(), eta.seconds_left());
        std::fprintf(stdout, "\r%s\x1b[K", bar.c_str());
        std::fflush(stdout);
      } else if (auto line = status + " " + std::to_string(percent); line != last_line) {
        last_line = line;
        std::fprintf(stdout, "%s\n", render_line(status, percent, seconds()).c_str());
        std::fflush(stdout);
      }
      if (status == "completed") {
        end_bar();
        std::fprintf(stdout, "%s\n", doc.value("video_url", "").c_str());
        return 0;
      }
      if (status == "failed") {
        end_bar();
        return fail("task failed: " + doc.value("error_message", ""));
      }
    }
    if (interrupted_within(poll_interval)) {
      end_bar();
      std::fprintf(stderr,
                   "cutqueue: stopped waiting; the task goes on (see: cutqueue status %s)\n",
                   a.draft_url.c_str());
      return 130;
    }
  }
}

int submit(const client_args& a) {
  auto r = call_api(a.opts, "POST", "gen_video", url_body(a.draft_url));
  if (r.status != 200)
    return fail(reply_error(r));
  if (!a.wait) {
    std::fprintf(stdout, "submitted: %s\n", a.draft_url.c_str());
    return 0;
  }
  return wait_for(a);
}

std::string text_or_null(const json& v) {
  return v.is_string() ? v.get<std::string>() : "-";
}

int status(const client_args& a) {
  auto r = call_api(a.opts, "POST", "gen_video_status", url_body(a.draft_url));
  if (r.status != 200)
    return fail(reply_error(r));
  if (a.json_out) {
    std::fprintf(stdout, "%s\n", r.body.c_str());
    return 0;
  }
  auto j = json::parse(r.body, nullptr, false);
  if (!j.is_object())
    return fail("unexpected answer: " + r.body);
  std::fprintf(stdout,
               "status:        %s\nprogress:      %d%%\nvideo_url:     %s\nerror_message: "
               "%s\ncreated_at:    %s\nstarted_at:    %s\ncompleted_at:  %s\n",
               text_or_null(j["status"]).c_str(), j.value("progress", 0),
               text_or_null(j["video_url"]).c_str(), text_or_null(j["error_message"]).c_str(),
               text_or_null(j["created_at"]).c_str(), text_or_null(j["started_at"]).c_str(),
               text_or_null(j["completed_at"]).c_str());
  return 0;
}

int cancel(const client_args& a) {
  auto r = call_api(a.opts, "POST", "gen_video_cancel", url_body(a.draft_url));
  if (r.status != 200)
    return fail(reply_error(r));
  std::fprintf(stdout, "cancelled: %s\n", a.draft_url.c_str());
  return 0;
}

int active(const client_args& a) {
  auto r = call_api(a.opts, "GET", "gen_video_active_count");
  auto j = json::parse(r.body, nullptr, false);
  if (r.status != 200 || !j.is_object() || !j.contains("count"))
    return fail(reply_error(r));
  std::fprintf(stdout, "%s\n", j["count"].dump().c_str());
  return 0;
}

} // namespace

bool is_client_command(const std::string& name) {
  return name == "submit" || name == "status" || name == "cancel" || name == "active";
}

std::string client_usage() {
  return "  submit   DRAFT_URL [--wait]  submit an export; --wait follows it to the end\n"
         "  status   DRAFT_URL [--json]  show a task's status\n"
         "  cancel   DRAFT_URL           cancel a pending or processing task\n"
         "  active                       number of pending and processing tasks\n"
         "           client flags: --server URL (CUTQUEUE_SERVER, default "
         "http://127.0.0.1:30000),\n"
         "           --api-key KEY (CUTQUEUE_API_KEY)\n";
}

int run_client(const std::vector<std::string>& args) {
  const auto& cmd = args.at(0);
  client_args a;
  std::vector<std::string> switches;
  if (cmd == "submit")
    switches = {"--wait"};
  else if (cmd == "status")
    switches = {"--json"};
  if (auto err = parse_args(args, cmd != "active", switches, a)) {
    std::fprintf(stderr, "cutqueue %s: %s\n\nusage:\n%s", cmd.c_str(), err->c_str(),
                 client_usage().c_str());
    return 2;
  }
  if (cmd == "submit")
    return submit(a);
  if (cmd == "status")
    return status(a);
  if (cmd == "cancel")
    return cancel(a);
  return active(a);
}

} // namespace cutqueue::app
