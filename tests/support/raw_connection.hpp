// A plain TCP connection for tests that must send bytes exactly as written: unnormalised paths
// (libcurl would resolve "/a/../b" before sending), pipelined or partial requests, clients that
// never read.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace cutqueue::testing {

/// A blocking TCP connection to 127.0.0.1:port; closed on destruction.
class raw_connection {
public:
  explicit raw_connection(int port);
  ~raw_connection();
  raw_connection(const raw_connection&) = delete;
  raw_connection& operator=(const raw_connection&) = delete;

  bool ok() const { return fd_ >= 0; }
  int fd() const { return fd_; }

  /// False when the peer closed or reset the connection.
  bool send_all(std::string_view data);

  /// What arrives until `until`, the peer's close, or (when `stop_at` is found) that text.
  std::string read_until(std::chrono::steady_clock::time_point until, bool& closed,
                         std::string_view stop_at = {});

  /// Sends `request` and reads one response: its head and as many body bytes as its
  /// Content-Length says (none after a HEAD), or until the peer closes or `timeout` passes.
  std::string exchange(std::string_view request, std::chrono::milliseconds timeout);

private:
  int fd_;
};

/// The status code of a raw response ("HTTP/1.1 404 ..." -> 404), 0 when there is none.
int raw_status(const std::string& response);

} // namespace cutqueue::testing
