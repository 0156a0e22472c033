// Scratch folders for the storage tests (local on purpose: tests/support is another team's).
#pragma once

#include "storage/task_store.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cutqueue::storage::test {

/// A fresh folder under $TMPDIR (or /tmp), removed with everything inside when it goes.
class temp_dir {
public:
  temp_dir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/cutqueue-storage-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr)
      ADD_FAILURE() << "mkdtemp failed for " << tmpl;
    path_ = tmpl;
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  const std::string& path() const { return path_; }
  /// A path inside the folder that does not exist yet (the store creates it).
  std::string sub(const std::string& name) const { return path_ + "/" + name; }

private:
  std::string path_;
};

/// Opens a store at `path`, failing the test with the store's own message when it cannot.
inline std::unique_ptr<task_store> open_store(const std::string& path) {
  std::unique_ptr<task_store> s;
  status st = task_store::open({path}, s);
  EXPECT_TRUE(st.ok()) << st.message;
  return s;
}

/// A record with every field set, so round trips notice a field that is dropped.
inline task_record sample(const std::string& url, task_status st, uint64_t seq) {
  task_record r;
  r.draft_url = url;
  r.status = st;
  r.progress = st == task_status::completed ? 100 : st == task_status::processing ? 42 : 0;
  r.created_at_ms = 1727173800000 + static_cast<int64_t>(seq);
  r.seq = seq;
  r.task_id = "task-" + std::to_string(seq);
  if (st != task_status::pending) {
    r.started_at_ms = r.created_at_ms + 10;
    r.attempt = 2;
  }
  if (st == task_status::completed) {
    r.video_url = "http://127.0.0.1:30000/outputs/" + r.task_id + ".mp4";
    r.output_file = r.task_id + ".mp4";
  }
  if (st == task_status::failed)
    r.error_message = "Material inaccessible: http://x/a.mp4 (HTTP 403)";
  if (is_terminal(st))
    r.completed_at_ms = r.created_at_ms + 5000;
  return r;
}

/// Queues all records at once (unsynced, so one group commit) and waits for every callback;
/// the last one is synced, which syncs everything queued before it.
inline status write_all(task_store& store, const std::vector<task_record>& recs) {
  struct waiter {
    std::mutex mu;
    std::condition_variable cv;
    size_t done = 0;
    status first_error;
  };
  auto w = std::make_shared<waiter>();
  for (size_t i = 0; i < recs.size(); ++i)
    store.write_async(recs[i], i + 1 == recs.size(), [w](const status& st) {
      std::lock_guard<std::mutex> lk(w->mu);
      if (!st.ok() && w->first_error.ok())
        w->first_error = st;
      ++w->done;
      w->cv.notify_all();
    });
  std::unique_lock<std::mutex> lk(w->mu);
  w->cv.wait(lk, [&] { return w->done == recs.size(); });
  return w->first_error;
}

} // namespace cutqueue::storage::test
