#include "tests/cluster/cluster_support.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <sstream>
#include <sys/socket.h>
#include <unistd.h>

namespace cutqueue::testing {

namespace {

constexpr const char* api_prefix = "/openapi/capcut-mate/v1/";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string tail(const std::string& text, size_t n) {
  return text.size() <= n ? text : "..." + text.substr(text.size() - n);
}

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

} // namespace

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

const std::vector<std::string>& fast_cluster_timing() {
  static const std::vector<std::string> args = {"--cluster-heartbeat", "1", "--cluster-timeout",
                                                "3"};
  return args;
}

coordinator_process::coordinator_process(std::string data_dir, std::vector<std::string> extra,
                                         coordinator_hosts hosts)
    : data_dir_(std::move(data_dir)), extra_args_(std::move(extra)), hosts_(std::move(hosts)),
      http_port_(free_port()), cluster_port_(free_port()) {
  start();
}

void coordinator_process::start() {
  std::vector<std::string> argv = {
      CUTQUEUE_BINARY, "serve",          "--host",
      hosts_.http,     "--port",         std::to_string(http_port_),
      "--data-dir",    data_dir_,        "--cluster-host",
      hosts_.cluster,  "--cluster-port", std::to_string(cluster_port_)};
  argv.insert(argv.end(), extra_args_.begin(), extra_args_.end());
  proc_.reset();
  proc_ = std::make_unique<child_process>(
      argv, std::map<std::string, std::string>{{"CUTQUEUE_CLUSTER_SECRET", cluster_secret}},
      data_dir_ + "/node.log");
  bool healthy = wait_until(
      [&] {
        return !proc_->running() ||
               http_request("GET", base_url() + "/healthz", {}, {}, 1s).status == 200;
      },
      30s, 50ms);
  if (!healthy || !proc_->running())
    ADD_FAILURE() << "coordinator did not become healthy; log:\n" << tail(log_text(), 4000);
}

std::string coordinator_process::log_text() const {
  return read_file(data_dir_ + "/node.log");
}

nlohmann::json coordinator_process::health() const {
  auto r = http_request("GET", base_url() + "/healthz", {}, {}, 2s);
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  return j.is_discarded() ? nlohmann::json{} : j;
}

size_t coordinator_process::worker_nodes() const {
  auto h = health();
  size_t n = 0;
  if (h.is_object() && h.contains("nodes"))
    for (auto& node : h["nodes"])
      n += node.value("name", "") != "local";
  return n;
}

http_response coordinator_process::submit(const std::string& draft_url) const {
  return post_json(base_url() + api_prefix + "gen_video",
                   nlohmann::json{{"draft_url", draft_url}}.dump());
}

nlohmann::json coordinator_process::status(const std::string& draft_url) const {
  auto r = post_json(base_url() + api_prefix + "gen_video_status",
                     nlohmann::json{{"draft_url", draft_url}}.dump());
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  return r.status == 200 && !j.is_discarded() ? j : nlohmann::json{};
}

nlohmann::json coordinator_process::wait_terminal(const std::string& draft_url,
                                                  std::chrono::milliseconds deadline) const {
  nlohmann::json last;
  wait_until(
      [&] {
        last = status(draft_url);
        auto s = last.is_object() ? last.value("status", "") : "";
        return s == "completed" || s == "failed";
      },
      deadline, 100ms);
  return last;
}

worker_process::worker_process(std::string data_dir, std::string join, std::string name,
                               std::vector<std::string> extra, std::string secret,
                               std::vector<std::string> launcher)
    : data_dir_(std::move(data_dir)), join_(std::move(join)), name_(std::move(name)),
      secret_(std::move(secret)), extra_args_(std::move(extra)), launcher_(std::move(launcher)) {
  start();
}

void worker_process::start() {
  std::vector<std::string> argv = launcher_;
  std::vector<std::string> own = {CUTQUEUE_BINARY, "worker",  "--join", join_,
                                  "--data-dir",    data_dir_, "--name", name_};
  argv.insert(argv.end(), own.begin(), own.end());
  argv.insert(argv.end(), extra_args_.begin(), extra_args_.end());
  proc_.reset();
  proc_ = std::make_unique<child_process>(
      argv, std::map<std::string, std::string>{{"CUTQUEUE_CLUSTER_SECRET", secret_}},
      data_dir_ + "/node.log");
}

std::string worker_process::log_text() const {
  return read_file(data_dir_ + "/node.log");
}

size_t worker_process::exports_started() const {
  return count_of(log_text(), ": export started in slot ");
}

size_t worker_process::uploads_accepted() const {
  return count_of(log_text(), ": uploaded ");
}

size_t worker_process::uploads_refused() const {
  return count_of(log_text(), "cannot upload the video: HTTP 403 Unknown or superseded upload");
}

tcp_relay::tcp_relay(int target_port) : target_port_(target_port) {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener_, 16) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
      ::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) {
    ADD_FAILURE() << "tcp_relay: cannot listen";
    return;
  }
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { loop(); });
}

tcp_relay::~tcp_relay() {
  stop_ = true;
  wake();
  if (thread_.joinable())
    thread_.join();
  for (auto& p : pairs_) {
    ::close(p.a);
    ::close(p.b);
  }
  for (int fd : {listener_, wake_[0], wake_[1]})
    if (fd >= 0)
      ::close(fd);
}

void tcp_relay::wake() {
  char c = 1;
  [[maybe_unused]] auto n = ::write(wake_[1], &c, 1);
}

void tcp_relay::hold() {
  held_ = true;
  wake();
}

void tcp_relay::sever() {
  ++severs_;
  wake();
}

void tcp_relay::loop() {
  unsigned severs_seen = 0;
  char buf[65536];
  while (!stop_) {
    if (severs_seen != severs_) {
      severs_seen = severs_;
      for (auto& p : pairs_) {
        ::close(p.a);
        ::close(p.b);
      }
      pairs_.clear();
      held_ = false;
    }
    std::vector<pollfd> fds = {{wake_[0], POLLIN, 0}};
    bool held = held_;
    if (!held) {
      fds.push_back({listener_, POLLIN, 0});
      for (auto& p : pairs_) {
        fds.push_back({p.a, POLLIN, 0});
        fds.push_back({p.b, POLLIN, 0});
      }
    }
    if (::poll(fds.data(), fds.size(), 500) <= 0)
      continue;
    if (fds[0].revents)
      while (::read(wake_[0], buf, sizeof buf) > 0) {
      }
    if (held || held_)
      continue; // what arrived stays in the kernel's buffers until sever()
    std::vector<bool> closed(pairs_.size(), false);
    for (size_t i = 2; i < fds.size(); ++i) {
      if (!fds[i].revents)
        continue;
      auto k = (i - 2) / 2;
      if (closed[k])
        continue;
      int from = fds[i].fd, to = from == pairs_[k].a ? pairs_[k].b : pairs_[k].a;
      auto n = ::read(from, buf, sizeof buf);
      bool ok = n > 0;
      for (ssize_t off = 0; ok && off < n;) {
        auto w = ::send(to, buf + off, static_cast<size_t>(n - off), MSG_NOSIGNAL);
        ok = w > 0;
        off += w;
      }
      if (!ok) {
        ::close(pairs_[k].a);
        ::close(pairs_[k].b);
        closed[k] = true;
      }
    }
    for (size_t k = closed.size(); k-- > 0;)
      if (closed[k])
        pairs_.erase(pairs_.begin() + static_cast<long>(k));
    if (fds[1].revents) {
      int a = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (a < 0)
        continue;
      int b = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_port = htons(static_cast<uint16_t>(target_port_));
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      if (::connect(b, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(a);
        ::close(b);
        continue;
      }
      pairs_.push_back({a, b});
    }
  }
}

} // namespace cutqueue::testing
