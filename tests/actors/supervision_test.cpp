// The supervisor's answers to deaths: a task actor killed mid-export is rebuilt from its durable
// record (its export cancelled, its slot retired and replaced), and an export slot that dies
// mid-export ("export slot lost") sends its task back to the queue, or fails it once its
// attempts are used up, while a new slot keeps the capacity.
#include "tests/actors/supervisor_fixture.hpp"

namespace cutqueue {
namespace {

using storage::task_status;
using testing::wait_until;

using Supervision = SupervisorTest;

TEST_F(Supervision, KilledTaskActorIsRebuiltAndItsExportCancelled) {
  start();
  const std::string url = "http://d/x?draft_id=victim";
  ASSERT_FALSE(submit(url));
  ASSERT_TRUE(wait_until([&] { return exporter->running == 1; }, 10s));
  auto victim = task_actor_of(url);
  ASSERT_TRUE(victim);
  caf::anon_send_exit(victim, caf::exit_reason::kill);
  // Its export stops instead of working on for nobody ...
  EXPECT_TRUE(wait_until([&] { return exporter->cancelled == 1; }, 10s));
  // ... and the task runs again, as a crash recovery would run it: attempt 2, same created_at.
  ASSERT_TRUE(wait_until([&] { return exporter->started == 2; }, 10s));
  auto again = status(url);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, task_status::processing);
  EXPECT_EQ(again->attempt, 2u);
  EXPECT_NE(task_actor_of(url), victim);
  exporter->release();
  ASSERT_TRUE(wait_for(url, task_status::completed));
  // The slot the dead actor held was retired and replaced: one slot still runs tasks.
  ASSERT_FALSE(submit("http://d/x?draft_id=after"));
  EXPECT_TRUE(wait_for("http://d/x?draft_id=after", task_status::completed));
  EXPECT_EQ(exporter->max_running, 1);
}

TEST_F(Supervision, KilledTaskActorWithoutAttemptsLeftFailsTheTask) {
  cfg.max_attempts = 1;
  start();
  const std::string url = "http://d/x?draft_id=last-try";
  ASSERT_FALSE(submit(url));
  ASSERT_TRUE(wait_until([&] { return exporter->running == 1; }, 10s));
  caf::anon_send_exit(task_actor_of(url), caf::exit_reason::kill);
  ASSERT_TRUE(wait_for(url, task_status::failed));
  EXPECT_EQ(status(url)->error_message, "Export interrupted 1 times");
  EXPECT_EQ(stored_status(url), task_status::failed);
  EXPECT_EQ(exporter->started, 1);
}

TEST_F(Supervision, LostExportSlotRequeuesItsTaskOnANewSlot) {
  exporter->throw_next = 1; // the first export dies with its slot
  start();
  const std::string url = "http://d/x?draft_id=slot-lost";
  ASSERT_FALSE(submit(url));
  ASSERT_TRUE(wait_until([&] { return exporter->running == 1; }, 10s));
  exporter->release();
  ASSERT_TRUE(wait_for(url, task_status::completed));
  auto rec = status(url);
  EXPECT_EQ(rec->attempt, 2u) << "the lost attempt counts, like a crash";
  EXPECT_EQ(exporter->started, 2);
  EXPECT_EQ(stored_status(url), task_status::completed);
}

TEST_F(Supervision, LostExportSlotWithoutAttemptsLeftFailsTheTask) {
  cfg.max_attempts = 1;
  exporter->throw_next = 1;
  exporter->release();
  start();
  const std::string url = "http://d/x?draft_id=slot-lost-last";
  ASSERT_FALSE(submit(url));
  ASSERT_TRUE(wait_for(url, task_status::failed));
  EXPECT_EQ(status(url)->error_message, "Export interrupted 1 times");
  EXPECT_EQ(stored_status(url), task_status::failed);
}

TEST_F(Supervision, DeadSlotIsReplacedSoCapacityStays) {
  cfg.max_concurrent_exports = 2;
  cfg.max_queued = 10;
  cfg.max_attempts = 1;
  exporter->throw_next = 1;
  exporter->release(); // the first export throws at once and takes its slot with it
  start();
  ASSERT_FALSE(submit("http://d/x?draft_id=breaks"));
  ASSERT_TRUE(wait_for("http://d/x?draft_id=breaks", task_status::failed));
  // Two slots again: two exports run side by side.
  {
    std::lock_guard<std::mutex> guard{exporter->mtx};
    exporter->release_all = false;
  }
  for (auto id : {"a", "b"})
    ASSERT_FALSE(submit(std::string{"http://d/x?draft_id="} + id));
  EXPECT_TRUE(wait_until([&] { return exporter->running == 2; }, 10s));
  exporter->release();
  EXPECT_TRUE(wait_for("http://d/x?draft_id=b", task_status::completed));
}

} // namespace
} // namespace cutqueue
