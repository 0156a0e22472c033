// The fixture of the actor tests: a supervisor over a real task store (on a file system that
// records WAL syncs, tests/support/storage/wal_probe.hpp) with a fake exporter in its slots, so
// the actors run without FFmpeg or network.
#pragma once

#include "actors/supervisor.hpp"
#include "actors/supervisor_config.hpp"
#include "storage/task_store.hpp"
#include "tests/support/storage/wal_probe.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace cutqueue {

using namespace std::chrono_literals;

/// A controllable export: each call blocks until released (or cancelled), then answers with
/// the configured result.
struct fake_exporter {
  std::mutex mtx;
  std::condition_variable cv;
  bool release_all = false;
  std::atomic<int> started{0};
  std::atomic<int> running{0};
  std::atomic<int> max_running{0};
  std::atomic<int> cancelled{0}; ///< calls that ended because their token was cancelled
  /// Calls that throw once they were released: a bug in the pipeline, which kills the slot.
  std::atomic<int> throw_next{0};
  std::vector<std::string> start_order; ///< draft_urls in the order their exports began
  exporting::export_result result{true, false, "out.mp4", ""};

  exporting::export_result operator()(const exporting::export_request& req,
                                      const exporting::progress_fn& progress,
                                      const cancel_token& cancel) {
    {
      std::lock_guard<std::mutex> guard{mtx};
      start_order.push_back(req.draft_url);
    }
    ++started;
    auto now = ++running;
    for (auto prev = max_running.load();
         now > prev && !max_running.compare_exchange_weak(prev, now);)
      ;
    progress(10);
    progress(50);
    std::unique_lock<std::mutex> guard{mtx};
    // The token has no way to wake a condition variable: poll it like the real pipeline does.
    while (!release_all && !cancel.cancelled())
      cv.wait_for(guard, 5ms);
    --running;
    if (cancel.cancelled())
      ++cancelled;
    if (throw_next.load() > 0 && throw_next.fetch_sub(1) > 0)
      throw std::runtime_error("fake exporter: injected bug");
    if (cancel.reason() == cancel_reason::shutdown)
      return {false, true, "", ""};
    if (cancel.reason() == cancel_reason::timeout)
      return {false, false, "", "Processing timeout"};
    return result;
  }
  void release() {
    std::lock_guard<std::mutex> guard{mtx};
    release_all = true;
    cv.notify_all();
  }
  std::vector<std::string> order() {
    std::lock_guard<std::mutex> guard{mtx};
    return start_order;
  }
};

class SupervisorTest : public ::testing::Test {
protected:
  void SetUp() override {
    auto opened = storage::task_store::open({dir.path() + "/db", probe}, store);
    ASSERT_TRUE(opened.ok()) << opened.message;
    cfg.max_concurrent_exports = 1;
    cfg.max_queued = 3;
    cfg.public_url = "http://cq.test";
    cfg.pipeline.output_dir = dir.path();
    cfg.exporter = [this](auto& req, auto& progress, auto& cancel) {
      return (*exporter)(req, progress, cancel);
    };
  }
  void TearDown() override {
    exporter->release();
    if (sup) {
      caf::scoped_actor self{sys};
      self->request(sup, 10s, shutdown_atom::value)
          .receive([](caf::ok_atom) {}, [](caf::error&) {});
      caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
    }
    sys.await_all_actors_done();
    store->close();
  }

  void start(std::vector<storage::task_record> recovered = {}) {
    sup = spawn_supervisor(sys, *store, cfg, std::move(recovered));
  }

  caf::error submit(const std::string& url) {
    caf::scoped_actor self{sys};
    caf::error result;
    self->request(sup, 10s, submit_atom::value, url)
        .receive([](caf::ok_atom) {}, [&](caf::error& err) { result = err; });
    return result;
  }

  std::optional<storage::task_record> status(const std::string& url) {
    caf::scoped_actor self{sys};
    std::optional<storage::task_record> out;
    self->request(sup, 10s, status_atom::value, url)
        .receive([&](storage::task_record& rec) { out = rec; }, [](caf::error&) {});
    return out;
  }

  /// The error a status query gets (none when it found the task).
  caf::error status_error(const std::string& url) {
    caf::scoped_actor self{sys};
    caf::error out;
    self->request(sup, 10s, status_atom::value, url)
        .receive([](storage::task_record&) {}, [&](caf::error& err) { out = err; });
    return out;
  }

  /// The live task actor of `url`: the supervisor hands status queries of a live task to its
  /// actor, which answers them itself, so it is the sender of the answer.
  caf::actor task_actor_of(const std::string& url) {
    caf::scoped_actor self{sys};
    caf::actor out;
    self->request(sup, 10s, status_atom::value, url)
        .receive(
            [&](storage::task_record&) {
              out = caf::actor_cast<caf::actor>(self->current_sender());
            },
            [](caf::error&) {});
    return out;
  }

  storage::task_status stored_status(const std::string& url) {
    storage::task_record rec;
    EXPECT_TRUE(store->get(url, rec).ok());
    return rec.status;
  }

  bool wait_for(const std::string& url, storage::task_status s) {
    return testing::wait_until([&] { return status(url) && status(url)->status == s; }, 10s);
  }

  testing::temp_dir dir{"cutqueue-actors"};
  std::shared_ptr<storage::test::wal_probe> probe = std::make_shared<storage::test::wal_probe>();
  std::unique_ptr<storage::task_store> store;
  std::shared_ptr<fake_exporter> exporter = std::make_shared<fake_exporter>();
  supervisor_config cfg;
  caf::actor_system_config sys_cfg;
  caf::actor_system sys{sys_cfg};
  supervisor_actor sup;
};

} // namespace cutqueue
