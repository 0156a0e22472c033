// A webhook receiver for tests: an HTTP server on a loopback port that records every request
// (head fields lower-cased, body) and answers with a status the test sets. It can go down and
// come back on the same port, as a receiver being redeployed would.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cutqueue::testing {

struct received_request {
  std::string method, target;
  std::map<std::string, std::string> headers; ///< names lower-cased
  std::string body;
};

class webhook_receiver {
public:
  /// Listens on `port` (0 = any free one).
  explicit webhook_receiver(int port = 0);
  ~webhook_receiver();
  webhook_receiver(const webhook_receiver&) = delete;
  webhook_receiver& operator=(const webhook_receiver&) = delete;

  int port() const { return port_; }
  /// http://127.0.0.1:<port>/hook
  std::string url() const;
  /// The status of the next answers (default 200).
  void answer_with(int status) { status_ = status; }
  /// Stops listening (connections are refused) / listens again on the same port.
  void stop();
  void start();
  std::vector<received_request> requests() const;

private:
  void serve(int fd);
  int port_ = 0;
  int listen_fd_ = -1;
  std::atomic<int> status_{200};
  std::atomic<bool> running_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<received_request> requests_;
};

} // namespace cutqueue::testing
