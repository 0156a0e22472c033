#include "cluster/cluster_gate.hpp"

#include "common/log.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <iterator>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace cutqueue::cluster {

namespace {

using clock_type = std::chrono::steady_clock;

/// Bytes held for a side that does not read, before the other side is no longer read either.
constexpr size_t max_pending = 1 << 20;

bool nonblocking(int fd) {
  int flags = ::fcntl(fd, F_GETFL, 0);
  return flags >= 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

std::string peer_of(const sockaddr_storage& a) {
  char host[INET6_ADDRSTRLEN] = "?";
  uint16_t port = 0;
  if (a.ss_family == AF_INET) {
    auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
    ::inet_ntop(AF_INET, &v4->sin_addr, host, sizeof host);
    port = ntohs(v4->sin_port);
  } else if (a.ss_family == AF_INET6) {
    auto* v6 = reinterpret_cast<const sockaddr_in6*>(&a);
    ::inet_ntop(AF_INET6, &v6->sin6_addr, host, sizeof host);
    port = ntohs(v6->sin6_port);
  }
  return std::string(host) + ":" + std::to_string(port);
}

/// A connection to the backend (the registrar's loopback port), and the local port it leaves
/// from; -1 when it cannot be made.
int connect_backend(uint16_t port, uint16_t& local_port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  sockaddr_in local{};
  socklen_t len = sizeof local;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) != 0 || !nonblocking(fd)) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  local_port = ntohs(local.sin_port);
  return fd;
}

/// One relayed connection: side 0 the peer, side 1 the backend.
struct relay {
  int fd[2] = {-1, -1};
  std::string pending[2]; ///< bytes waiting to be written to that side
  uint16_t relay_port = 0;
  std::string peer;
  clock_type::time_point since;
  bool joined = false;
  bool dead = false;

  void close_both() {
    for (int& f : fd)
      if (f >= 0) {
        ::close(f);
        f = -1;
      }
    dead = true;
  }

  /// Writes what is pending for `side`; false when that side is gone.
  bool flush(int side) {
    auto& p = pending[side];
    while (!p.empty()) {
      auto n = ::send(fd[side], p.data(), p.size(), MSG_NOSIGNAL);
      if (n > 0) {
        p.erase(0, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return true;
      if (n < 0 && errno == EINTR)
        continue;
      return false;
    }
    return true;
  }

  /// Reads what `side` sent and passes it on; false when the connection ends.
  bool pump(int side) {
    char buf[65536];
    const int other = 1 - side;
    while (pending[other].size() < max_pending) {
      auto n = ::recv(fd[side], buf, sizeof buf, 0);
      if (n > 0) {
        pending[other].append(buf, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        break;
      if (n < 0 && errno == EINTR)
        continue;
      flush(other); // what the closing side said last still goes
      return false;
    }
    return flush(other);
  }
};

} // namespace

cluster_gate::~cluster_gate() {
  stop();
}

bool cluster_gate::start(const std::string& host, uint16_t port, uint16_t backend_port,
                         std::chrono::milliseconds grace, std::string& error) {
  backend_port_ = backend_port;
  grace_ = grace;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &res);
      rc != 0) {
    error = std::string("cannot resolve ") + host + ": " + ::gai_strerror(rc);
    return false;
  }
  for (auto* ai = res; ai && listener_ < 0; ai = ai->ai_next) {
    int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0)
      continue;
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && ::listen(fd, 64) == 0 && nonblocking(fd)) {
      listener_ = fd;
      break;
    }
    error = std::strerror(errno);
    ::close(fd);
  }
  ::freeaddrinfo(res);
  if (listener_ < 0)
    return false;
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  ::getsockname(listener_, reinterpret_cast<sockaddr*>(&bound), &len);
  port_ = bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                      : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  if (::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) {
    error = std::strerror(errno);
    ::close(listener_);
    listener_ = -1;
    return false;
  }
  thread_ = std::thread([this] { loop(); });
  return true;
}

void cluster_gate::stop() {
  if (!thread_.joinable())
    return;
  stop_ = true;
  char c = 1;
  [[maybe_unused]] auto n = ::write(wake_[1], &c, 1);
  thread_.join();
  for (int fd : {listener_, wake_[0], wake_[1]})
    if (fd >= 0)
      ::close(fd);
  listener_ = wake_[0] = wake_[1] = -1;
}

void cluster_gate::registered(uint16_t relay_port) {
  {
    std::lock_guard<std::mutex> lk(mu_);
    registered_.insert(relay_port);
  }
  char c = 1;
  [[maybe_unused]] auto n = ::write(wake_[1], &c, 1);
}

void cluster_gate::loop() {
  std::vector<relay> relays;
  while (!stop_) {
    {
      // A node joins over a live connection, so its port names one of these; an entry for a
      // connection already gone must not mark a later one that reuses the port.
      std::lock_guard<std::mutex> lk(mu_);
      for (auto& r : relays)
        if (!r.dead && registered_.count(r.relay_port))
          r.joined = true;
      registered_.clear();
    }
    const auto now = clock_type::now();
    for (auto& r : relays)
      if (!r.joined && now - r.since > grace_) {
        log::warn("cluster port: closing the connection from ", r.peer,
                  ": no node joined over it within ", grace_.count(), " ms");
        r.close_both();
      }
    std::vector<pollfd> fds = {{wake_[0], POLLIN, 0}, {listener_, POLLIN, 0}};
    for (auto& r : relays)
      for (int side : {0, 1}) {
        short ev = r.pending[1 - side].size() < max_pending ? POLLIN : 0;
        if (!r.pending[side].empty())
          ev |= POLLOUT;
        fds.push_back({r.fd[side], ev, 0});
      }
    if (::poll(fds.data(), fds.size(), 250) < 0 && errno != EINTR)
      break;
    if (fds[0].revents) {
      char buf[64];
      while (::read(wake_[0], buf, sizeof buf) > 0) {
      }
    }
    for (size_t i = 2; i < fds.size(); ++i) {
      if (!fds[i].revents)
        continue;
      auto& r = relays[(i - 2) / 2];
      const int side = static_cast<int>((i - 2) % 2);
      if (r.dead)
        continue;
      bool ok = true;
      if (fds[i].revents & POLLOUT)
        ok = r.flush(side);
      if (ok && (fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        ok = r.pump(side);
      if (!ok)
        r.close_both();
    }
    if (fds[1].revents & POLLIN)
      for (;;) {
        sockaddr_storage from{};
        socklen_t len = sizeof from;
        int c = ::accept4(listener_, reinterpret_cast<sockaddr*>(&from), &len,
                          SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (c < 0)
          break;
        relay r;
        r.fd[0] = c;
        r.peer = peer_of(from);
        r.since = clock_type::now();
        r.fd[1] = connect_backend(backend_port_, r.relay_port);
        if (r.fd[1] < 0) {
          log::error("cluster port: cannot reach the registrar for ", r.peer, ": ",
                     std::strerror(errno));
          ::close(c);
          continue;
        }
        int one = 1;
        ::setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        relays.push_back(std::move(r));
      }
    for (auto it = relays.begin(); it != relays.end();)
      it = it->dead ? relays.erase(it) : std::next(it);
  }
  for (auto& r : relays)
    r.close_both();
}

} // namespace cutqueue::cluster
