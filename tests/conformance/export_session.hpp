// One real `cutqueue serve` (two export slots) fed by the fixture server, shared by every test of
// the process. On first use it submits the drafts of all tests selected to run, longest first,
// so the renders overlap while the tests wait in turn; a background poller follows every task
// through gen_video_status (recording its progress) and downloads each finished MP4.
#pragma once

#include "tests/support/support.hpp"

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cutqueue::conformance {

struct export_result {
  std::string status;        ///< "completed" or "failed"; "" when the task never ended
  std::string problem;       ///< why there is no video, when there is none
  std::string file;          ///< the downloaded MP4, "" when none
  std::vector<int> progress; ///< every progress value gen_video_status showed, in order
  double seconds = 0;        ///< from submission to the end of the task
};

class export_session {
public:
  /// The process's session over `fixtures`, started on first call.
  static export_session& instance(const std::string& fixtures);
  /// Stops the poller and both servers (after the last test).
  static void shutdown();

  /// Waits for the draft's export and its download (submitting it now if nobody did).
  export_result wait(const std::string& draft);

  ~export_session();
  export_session(const export_session&) = delete;
  export_session& operator=(const export_session&) = delete;

private:
  explicit export_session(std::string fixtures);

  struct task {
    std::string draft_url;
    std::chrono::steady_clock::time_point submitted;
    bool done = false;
    export_result result;
  };

  /// Submits `draft` unless it was; call with mu_ held.
  void submit_locked(const std::string& draft);
  void poll_loop();
  /// One poll of one task; returns true when it reached its end.
  bool poll_one(const std::string& draft, task& t);

  std::string fixtures_;
  std::unique_ptr<testing::temp_dir> data_, out_;
  std::unique_ptr<testing::fixture_server> drafts_;
  std::unique_ptr<testing::cutqueue_server> server_;
  std::string broken_; ///< why the servers are not usable, "" when they are
  std::chrono::steady_clock::time_point started_;

  std::mutex mu_;
  std::condition_variable changed_;
  std::map<std::string, task> tasks_;
  bool stopping_ = false;
  std::thread poller_;
};

} // namespace cutqueue::conformance
