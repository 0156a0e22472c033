#include "http/output_streamer.hpp"

#include "common/log.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace cutqueue::http {

namespace {

/// Bytes one download may send per turn: large enough for sendfile to be efficient, small
/// enough that a fast client does not keep the others waiting (or a slow disk stall them long).
constexpr size_t slice_bytes = 512 * 1024;

/// How often stalls are looked for when nothing happens.
constexpr int tick_ms = 500;

} // namespace

output_streamer::output_streamer(std::chrono::milliseconds stall_timeout)
    : stall_timeout_(stall_timeout) {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_fd_;
  if (epoll_fd_ < 0 || wake_fd_ < 0 || ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev) != 0)
    log::error("output streamer: cannot set up epoll: ", std::strerror(errno));
  thread_ = std::thread([this] { run(); });
}

output_streamer::~output_streamer() {
  stop();
  if (wake_fd_ >= 0)
    ::close(wake_fd_);
  if (epoll_fd_ >= 0)
    ::close(epoll_fd_);
}

void output_streamer::wake() {
  uint64_t one = 1;
  auto rc = ::write(wake_fd_, &one, sizeof one);
  (void)rc; // a full counter still wakes the loop
}

void output_streamer::post(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_)
      return;
    tasks_.push_back(std::move(task));
  }
  wake();
}

void output_streamer::send(body b) {
  // std::function needs a copyable callable; the body moves through a shared holder.
  auto holder = std::make_shared<body>(std::move(b));
  post([this, holder] { start(std::move(*holder)); });
}

void output_streamer::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && !thread_.joinable())
      return;
    stopping_ = true;
  }
  wake();
  if (thread_.joinable() && std::this_thread::get_id() != thread_.get_id())
    thread_.join();
}

void output_streamer::run() {
  std::vector<epoll_event> events(64);
  for (;;) {
    int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), tick_ms);
    if (n < 0 && errno != EINTR) {
      log::error("output streamer: epoll_wait: ", std::strerror(errno));
      break;
    }
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == wake_fd_) {
        uint64_t count = 0;
        auto rc = ::read(wake_fd_, &count, sizeof count);
        (void)rc;
        continue;
      }
      auto it = streams_.find(fd);
      if (it != streams_.end() && !pump(it->second))
        finish(fd, it->second.b.length == 0);
    }
    run_tasks();
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_)
        break;
    }
    // A client that stopped reading holds nothing but its own socket, and only this long.
    auto now = std::chrono::steady_clock::now();
    std::vector<int> stalled;
    for (auto& [fd, s] : streams_)
      if (now - s.last_progress > stall_timeout_)
        stalled.push_back(fd);
    for (int fd : stalled) {
      log::warn("outputs: a download made no progress for ",
                std::chrono::duration_cast<std::chrono::seconds>(stall_timeout_).count(),
                " s; closing its connection");
      finish(fd, false);
    }
  }
  std::vector<int> left;
  for (auto& [fd, s] : streams_)
    left.push_back(fd);
  for (int fd : left)
    finish(fd, false);
  std::lock_guard<std::mutex> lock(mu_);
  tasks_.clear(); // their captures (descriptors, gates) are released here
}

void output_streamer::run_tasks() {
  std::deque<std::function<void()>> tasks;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_)
      return;
    tasks.swap(tasks_);
  }
  for (auto& task : tasks) {
    try {
      task();
    } catch (const std::exception& e) {
      log::error("output streamer: a task threw: ", e.what());
    }
  }
}

void output_streamer::start(body b) {
  const int fd = b.socket.get();
  epoll_event ev{};
  // Level-triggered: a socket that still takes bytes after its slice is reported again on the
  // next turn, which is what shares the thread fairly between downloads.
  ev.events = EPOLLOUT;
  ev.data.fd = fd;
  if (fd < 0 || ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
    log::warn("outputs: cannot watch a download's socket: ", std::strerror(errno));
    if (b.done)
      b.done(false);
    return;
  }
  ++active_;
  streams_.emplace(fd, stream{std::move(b), std::chrono::steady_clock::now()});
}

bool output_streamer::pump(stream& s) {
  auto& b = s.b;
  size_t sent = 0;
  while (b.length > 0 && sent < slice_bytes) {
    auto offset = static_cast<off_t>(b.offset);
    auto want = static_cast<size_t>(std::min<uint64_t>(b.length, slice_bytes - sent));
    const bool may_finish = want == b.length && b.last_write;
    if (may_finish) {
      // Into the page cache first, so the write that may end the body is a copy from memory:
      // the connection's reactor may wait on it (connection_gate::admit_input).
      ::readahead(b.file.get(), offset, want);
      b.last_write(true);
    }
    ssize_t n = ::sendfile(b.socket.get(), b.file.get(), &offset, want);
    if (may_finish && n != static_cast<ssize_t>(want))
      b.last_write(false);
    if (n > 0) {
      b.offset += static_cast<uint64_t>(n);
      b.length -= static_cast<uint64_t>(n);
      sent += static_cast<size_t>(n);
      s.last_progress = std::chrono::steady_clock::now();
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
      return true; // the socket is full: epoll says when it drains
    if (n == 0)
      log::warn("outputs: a file ended before its announced length (truncated meanwhile?)");
    // EPIPE / ECONNRESET: the client went away. Either way this body cannot be completed.
    return false;
  }
  return b.length > 0;
}

void output_streamer::finish(int fd, bool ok) {
  auto it = streams_.find(fd);
  if (it == streams_.end())
    return;
  body b = std::move(it->second.b);
  streams_.erase(it);
  bool close = !ok;
  // First thing after the last byte went out: the client may send its next request at once, and
  // the connection must be free again by the time it arrives (connection_gate).
  if (b.done) {
    try {
      close = b.done(ok) || close;
    } catch (const std::exception& e) {
      log::error("output streamer: a completion threw: ", e.what());
    }
  }
  --active_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  // An incomplete body cannot be told apart from a complete one but by closing; a requested
  // close ends the connection for Pistache too (it reads the end of the stream).
  if (close)
    ::shutdown(fd, SHUT_RDWR);
}

} // namespace cutqueue::http
