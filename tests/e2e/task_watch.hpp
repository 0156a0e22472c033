// Watches tasks through gen_video_status from a thread of its own while a test does violent
// things to the server (kill -9, restarts), and records every broken promise of the contract
// it sees: created_at changing, progress going down within an attempt, a completed task coming
// back, any failure. Polls never synchronise anything; they only observe.
#pragma once

#include "tests/support/support.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cutqueue::testing {

class task_watch {
public:
  /// Starts polling every task add()ed so far, round after round, until stop().
  explicit task_watch(const cutqueue_server& srv);
  ~task_watch();
  task_watch(const task_watch&) = delete;
  task_watch& operator=(const task_watch&) = delete;

  /// Watches `draft_url` from now on; `created_at` is what the server said right after the 200.
  void add(const std::string& draft_url, const std::string& created_at);
  /// Checks one status body by hand (the test's own polls count as observations too).
  void observe(const std::string& draft_url, const nlohmann::json& body);
  void stop();

  std::vector<std::string> violations() const;
  /// Distinct started_at values seen across all tasks: attempts the watch saw running.
  size_t attempts_seen() const;
  size_t samples() const;

private:
  struct seen {
    std::string created_at;
    std::string started_at; ///< of the attempt last seen processing or completed
    int progress = -1;      ///< highest progress seen in that attempt
    size_t attempts = 0;
    nlohmann::json completed; ///< the first completed body, once there is one
  };
  void run();
  void violation(const std::string& url, const std::string& what, const nlohmann::json& body);

  const cutqueue_server& srv_;
  mutable std::mutex mu_;
  std::map<std::string, seen> tasks_;
  std::vector<std::string> order_; ///< add() order: polled in it
  std::vector<std::string> violations_;
  size_t samples_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

} // namespace cutqueue::testing
