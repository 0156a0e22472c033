// The task state machine and the supervisor's admission rules, driven in-process with a fake
// exporter (no FFmpeg, no network): what each transition leaves in the store, timeouts,
// graceful shutdown, duplicates and the queue limit.
#include "actors/recovery.hpp"
#include "tests/actors/supervisor_fixture.hpp"

namespace cutqueue {
namespace {

using namespace std::chrono_literals;
using storage::task_record;
using storage::task_status;
using testing::temp_dir;
using testing::wait_until;

TEST_F(SupervisorTest, TaskGoesThroughItsStatesAndEachIsDurable) {
  start();
  ASSERT_FALSE(submit("http://d/x?draft_id=1"));
  ASSERT_TRUE(wait_for("http://d/x?draft_id=1", task_status::processing));
  EXPECT_EQ(stored_status("http://d/x?draft_id=1"), task_status::processing);
  auto processing = status("http://d/x?draft_id=1");
  EXPECT_EQ(processing->attempt, 1u);
  EXPECT_NE(processing->started_at_ms, 0);
  EXPECT_TRUE(wait_until([&] { return status("http://d/x?draft_id=1")->progress == 50; }, 5s));
  exporter->release();
  ASSERT_TRUE(wait_for("http://d/x?draft_id=1", task_status::completed));
  task_record rec;
  ASSERT_TRUE(store->get("http://d/x?draft_id=1", rec).ok());
  EXPECT_EQ(rec.status, task_status::completed);
  EXPECT_EQ(rec.progress, 100);
  EXPECT_EQ(rec.video_url, "http://cq.test/outputs/out.mp4");
  EXPECT_EQ(rec.created_at_ms, processing->created_at_ms);
  EXPECT_NE(rec.completed_at_ms, 0);
}

TEST_F(SupervisorTest, FailedExportKeepsItsMessageAndZeroProgress) {
  exporter->result = {false, false, "", "Draft does not exist"};
  exporter->release();
  start();
  ASSERT_FALSE(submit("http://d/x?draft_id=2"));
  ASSERT_TRUE(wait_for("http://d/x?draft_id=2", task_status::failed));
  auto rec = status("http://d/x?draft_id=2");
  EXPECT_EQ(rec->error_message, "Draft does not exist");
  EXPECT_EQ(rec->progress, 0);
  EXPECT_EQ(stored_status("http://d/x?draft_id=2"), task_status::failed);
}

TEST_F(SupervisorTest, ExportTimeoutFailsTheTask) {
  cfg.export_timeout = 1s;
  start();
  ASSERT_FALSE(submit("http://d/x?draft_id=3"));
  ASSERT_TRUE(wait_for("http://d/x?draft_id=3", task_status::failed));
  EXPECT_EQ(status("http://d/x?draft_id=3")->error_message, "Processing timeout");
  // The slot came back: the next task runs.
  exporter->release();
  ASSERT_FALSE(submit("http://d/x?draft_id=4"));
  EXPECT_TRUE(wait_for("http://d/x?draft_id=4", task_status::completed));
}

TEST_F(SupervisorTest, OneSlotMeansOneRunningExportAndFifoOrder) {
  start();
  for (int i = 0; i < 3; ++i)
    ASSERT_FALSE(submit("http://d/x?draft_id=f" + std::to_string(i)));
  ASSERT_TRUE(wait_for("http://d/x?draft_id=f0", task_status::processing));
  EXPECT_EQ(status("http://d/x?draft_id=f1")->status, task_status::pending);
  EXPECT_EQ(status("http://d/x?draft_id=f2")->status, task_status::pending);
  exporter->release();
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(wait_for("http://d/x?draft_id=f" + std::to_string(i), task_status::completed));
  EXPECT_EQ(exporter->max_running, 1);
  // The order the exports began in, not their start times: two starts within one millisecond
  // would compare equal and hide a swap.
  EXPECT_EQ(exporter->order(),
            (std::vector<std::string>{"http://d/x?draft_id=f0", "http://d/x?draft_id=f1",
                                      "http://d/x?draft_id=f2"}));
}

TEST_F(SupervisorTest, DuplicatesJoinAndTheQueueLimitRefuses) {
  start();
  ASSERT_FALSE(submit("http://d/x?draft_id=a"));
  ASSERT_TRUE(wait_for("http://d/x?draft_id=a", task_status::processing));
  for (auto id : {"b", "c", "d"})
    ASSERT_FALSE(submit(std::string{"http://d/x?draft_id="} + id));
  auto err = submit("http://d/x?draft_id=e");
  EXPECT_EQ(err, make_error(task_error::queue_full));
  EXPECT_FALSE(submit("http://d/x?draft_id=b")); // joining is not a new task
  EXPECT_EQ(exporter->started, 1);
  caf::scoped_actor self{sys};
  self->request(sup, 5s, count_atom::value)
      .receive([](uint64_t n) { EXPECT_EQ(n, 4u); }, [](caf::error&) { FAIL(); });
}

TEST_F(SupervisorTest, UnknownTaskIsNotFound) {
  start();
  caf::scoped_actor self{sys};
  self->request(sup, 5s, status_atom::value, std::string{"http://d/x?draft_id=none"})
      .receive([](task_record&) { FAIL() << "found a task that was never submitted"; },
               [](caf::error& err) { EXPECT_EQ(err, make_error(task_error::not_found)); });
}

TEST_F(SupervisorTest, ShutdownPutsTheRunningTaskBackToPendingOnDisk) {
  start();
  ASSERT_FALSE(submit("http://d/x?draft_id=s"));
  ASSERT_TRUE(wait_for("http://d/x?draft_id=s", task_status::processing));
  caf::scoped_actor self{sys};
  self->request(sup, 10s, shutdown_atom::value)
      .receive([](caf::ok_atom) {}, [](caf::error& err) { FAIL() << to_string(err); });
  task_record rec;
  ASSERT_TRUE(store->get("http://d/x?draft_id=s", rec).ok());
  EXPECT_EQ(rec.status, task_status::pending);
  EXPECT_EQ(rec.attempt, 0u) << "a cancelled attempt does not count";
  EXPECT_EQ(rec.started_at_ms, 0);
  EXPECT_EQ(submit("http://d/x?draft_id=t"), make_error(task_error::unavailable));
}

TEST_F(SupervisorTest, RecoveredTasksRunInTheirOriginalOrder) {
  for (uint64_t seq = 1; seq <= 3; ++seq) {
    task_record rec;
    rec.draft_url = "http://d/x?draft_id=r" + std::to_string(seq);
    rec.status = seq == 1 ? task_status::processing : task_status::pending;
    rec.attempt = seq == 1 ? 1 : 0;
    rec.seq = seq;
    rec.created_at_ms = 1000 + static_cast<int64_t>(seq);
    rec.task_id = "t" + std::to_string(seq);
    ASSERT_TRUE(store->write(rec).ok());
  }
  recovery_report report;
  ASSERT_TRUE(recover_tasks(*store, 3, report).ok());
  ASSERT_EQ(report.requeued.size(), 3u);
  EXPECT_EQ(report.interrupted, 1u);
  start(report.requeued);
  ASSERT_TRUE(wait_for("http://d/x?draft_id=r1", task_status::processing));
  auto first = status("http://d/x?draft_id=r1");
  EXPECT_EQ(first->attempt, 2u);
  EXPECT_EQ(first->created_at_ms, 1001);
  EXPECT_EQ(status("http://d/x?draft_id=r2")->status, task_status::pending);
  exporter->release();
  for (int i = 1; i <= 3; ++i)
    ASSERT_TRUE(wait_for("http://d/x?draft_id=r" + std::to_string(i), task_status::completed));
  EXPECT_EQ(exporter->order(),
            (std::vector<std::string>{"http://d/x?draft_id=r1", "http://d/x?draft_id=r2",
                                      "http://d/x?draft_id=r3"}));
}

TEST(Recovery, ExhaustedAttemptsFailWithTheCount) {
  temp_dir dir{"cutqueue-recovery"};
  std::unique_ptr<storage::task_store> store;
  ASSERT_TRUE(storage::task_store::open({dir.path() + "/db"}, store).ok());
  task_record rec;
  rec.draft_url = "http://d/x?draft_id=z";
  rec.status = task_status::processing;
  rec.attempt = 3;
  rec.seq = 1;
  rec.created_at_ms = 5;
  rec.started_at_ms = 6;
  ASSERT_TRUE(store->write(rec).ok());
  recovery_report report;
  ASSERT_TRUE(recover_tasks(*store, 3, report).ok());
  EXPECT_TRUE(report.requeued.empty());
  EXPECT_EQ(report.failed, 1u);
  task_record out;
  ASSERT_TRUE(store->get(rec.draft_url, out).ok());
  EXPECT_EQ(out.status, task_status::failed);
  EXPECT_EQ(out.error_message, "Export interrupted 3 times");
  EXPECT_EQ(out.created_at_ms, 5);
  std::vector<task_record> live;
  ASSERT_TRUE(store->load_live(live).ok());
  EXPECT_TRUE(live.empty());
}

} // namespace
} // namespace cutqueue
