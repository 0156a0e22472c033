// Launchers for the two servers tests talk to: the fixture server (capcut-mate's get_draft) and
// cutqueue itself (on port 0, the bound port read back); plus the fixtures folder lookup.
#include "common/url.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cutqueue::testing {

namespace {

constexpr auto fixture_start_timeout = 10s;
constexpr auto cutqueue_health_timeout = 30s;
constexpr const char* api_prefix = "/openapi/capcut-mate/v1/";

std::string tail(const std::string& text, size_t max_chars) {
  return text.size() <= max_chars ? text : "..." + text.substr(text.size() - max_chars);
}

} // namespace

std::string fixtures_dir_or_skip() {
  std::string dir = CUTQUEUE_FIXTURES_DIR;
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec))
    return dir;
  std::string why =
      "capcut-mate fixtures not found at " + dir + " (configure with -DCUTQUEUE_FIXTURES_DIR=...)";
  if (std::getenv("CI") != nullptr)
    ADD_FAILURE() << why;
  else
    // GTEST_SKIP returns from the enclosing function, hence the lambda; the skip is still
    // recorded on the running test.
    [&] { GTEST_SKIP() << why; }();
  return {};
}

// -- fixture_server -----------------------------------------------------------------------------

fixture_server::fixture_server(std::vector<std::string> roots, std::string host)
    : host_(std::move(host)) {
  std::vector<std::string> argv = {FIXTURE_SERVER_BINARY, "--host", host_, "--port", "0"};
  for (auto& r : roots) {
    argv.push_back("--root");
    argv.push_back(std::move(r));
  }
  proc_ = std::make_unique<child_process>(argv, std::map<std::string, std::string>{}, std::string{},
                                          true);
  auto line = proc_->read_stdout_line("LISTENING ", fixture_start_timeout);
  if (line)
    port_ = std::atoi(line->c_str());
  if (port_ <= 0) {
    port_ = 0;
    ADD_FAILURE() << "fixture_server did not report its port (" << FIXTURE_SERVER_BINARY << ")";
  }
}

fixture_server::~fixture_server() = default;

std::string fixture_server::base_url() const {
  return "http://" + host_ + ":" + std::to_string(port_);
}

std::string fixture_server::draft_url(const std::string& draft_id,
                                      const std::string& extra_query) const {
  return base_url() + api_prefix +
         "get_draft?draft_id=" + cutqueue::url::percent_encode(draft_id, true) +
         (extra_query.empty() ? "" : "&" + extra_query);
}

namespace {

int stats_count(const fixture_server& server, const std::string& path_prefix,
                const std::string& filter) {
  auto r = http_get(server.base_url() +
                    "/stats?prefix=" + cutqueue::url::percent_encode(path_prefix, true) + filter);
  if (r.status != 200)
    return -1;
  auto doc = nlohmann::json::parse(r.body, nullptr, false);
  if (!doc.is_object() || !doc.contains("count") || !doc["count"].is_number_integer())
    return -1;
  return doc["count"].get<int>();
}

} // namespace

int fixture_server::request_count(const std::string& path_prefix, const std::string& method) const {
  return stats_count(*this, path_prefix,
                     method.empty() ? ""
                                    : "&method=" + cutqueue::url::percent_encode(method, true));
}

int fixture_server::answer_count(const std::string& path_prefix, int status) const {
  return stats_count(*this, path_prefix, "&status=" + std::to_string(status));
}

// -- cutqueue_server ----------------------------------------------------------------------------

cutqueue_server::cutqueue_server(std::string data_dir, std::vector<std::string> extra_args,
                                 bool wait_healthy, std::map<std::string, std::string> env)
    : data_dir_(std::move(data_dir)), extra_args_(std::move(extra_args)), env_(std::move(env)),
      log_file_(data_dir_ + "/cutqueue.log") {
  launch(wait_healthy);
}

cutqueue_server::~cutqueue_server() = default;

std::string cutqueue_server::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

std::string cutqueue_server::api(const std::string& route) const {
  return base_url() + api_prefix + route;
}

std::string cutqueue_server::log_text() const {
  std::ifstream in(log_file_, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void cutqueue_server::restart(bool wait_healthy) {
  proc_.reset(); // kills (SIGKILL, whole group) and reaps whatever is left
  launch(wait_healthy);
}

void cutqueue_server::launch(bool wait_healthy) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir_, ec);
  std::vector<std::string> argv = {CUTQUEUE_BINARY, "serve",  "--host",
                                   "127.0.0.1",     "--port", std::to_string(port_),
                                   "--data-dir",    data_dir_};
  argv.insert(argv.end(), extra_args_.begin(), extra_args_.end());
  proc_ = std::make_unique<child_process>(argv, env_, log_file_);
  if (port_ == 0) {
    // Bound only once the store is open; an early exit is reported below (or by the caller).
    wait_until(
        [&] {
          if (auto p = listening_port(proc_->pid()))
            port_ = *p;
          return port_ != 0 || !proc_->running();
        },
        cutqueue_health_timeout, 10ms);
  }
  if (!wait_healthy)
    return;
  bool healthy = wait_until(
      [&] {
        if (!proc_->running())
          return true; // exited: stop waiting, reported below
        return http_request("GET", base_url() + "/healthz", {}, {}, 1s).status == 200;
      },
      cutqueue_health_timeout, 50ms);
  if (!healthy || !proc_->running())
    ADD_FAILURE() << "cutqueue did not become healthy on port " << port_
                  << (proc_->running() ? " within 30 s" : " (it exited)") << "; log:\n"
                  << tail(log_text(), 4000);
}

} // namespace cutqueue::testing
