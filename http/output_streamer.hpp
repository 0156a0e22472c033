// One thread that does the disk work of /outputs/ downloads, so Pistache's reactor threads never
// wait for a disk: it runs posted tasks (opening and stat-ing files) and sends file bodies with
// sendfile(2) into non-blocking sockets it watches with epoll. Memory does not grow with file
// size or with the number of downloads: the kernel copies from the page cache to the socket, a
// bounded slice per download and turn, so a slow client only holds its own socket.
#pragma once

#include "http/output_files.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace cutqueue::http {

class output_streamer {
public:
  /// A body to send: `length` bytes of `file` from `offset` into `socket` (a descriptor of its
  /// own, non-blocking). `done(ok)` runs on the streamer thread once it is sent (ok) or cannot
  /// be (client gone, stalled, stopping); it returns true when the connection must be closed.
  /// The streamer then closes both descriptors.
  struct body {
    unique_fd socket;
    unique_fd file;
    uint64_t offset = 0;
    uint64_t length = 0;
    std::function<bool(bool ok)> done;
    /// Called with true right before a write that may send the last bytes (they are read into
    /// memory first), and with false when that write ended short. Optional.
    std::function<void(bool finishing)> last_write;
  };

  /// A body whose socket takes no byte for `stall_timeout` is given up.
  explicit output_streamer(std::chrono::milliseconds stall_timeout);
  ~output_streamer();
  output_streamer(const output_streamer&) = delete;
  output_streamer& operator=(const output_streamer&) = delete;

  /// Runs `task` on the streamer thread. Dropped (destroyed unrun) once stop() was called.
  void post(std::function<void()> task);
  /// Starts sending `b`; callable from any thread.
  void send(body b);
  /// Gives up every body in flight (their done(false) runs), drops queued tasks, joins the
  /// thread. Idempotent.
  void stop();

  /// Bodies being sent right now.
  size_t active() const { return active_.load(); }

private:
  struct stream {
    body b;
    std::chrono::steady_clock::time_point last_progress;
  };

  void run();
  void run_tasks();
  void start(body b);
  /// Sends a slice of `s`; false when the stream ended (successfully or not).
  bool pump(stream& s);
  void finish(int fd, bool ok);
  void wake();

  const std::chrono::milliseconds stall_timeout_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::mutex mu_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::map<int, stream> streams_; ///< by socket descriptor; streamer thread only
  std::atomic<size_t> active_{0};
  std::thread thread_;
};

} // namespace cutqueue::http
