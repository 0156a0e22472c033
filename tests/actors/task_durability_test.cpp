// When a task may be seen: gen_video's 200 and every terminal state only once their record is
// synced (the WAL probe records which bytes a sync covered), and nothing of a new task before its
// creation is durable, so a write that then fails leaves nothing a client saw.
#include "tests/actors/supervisor_fixture.hpp"

#include <future>

namespace cutqueue {
namespace {

using storage::task_status;

using TaskDurability = SupervisorTest;

TEST_F(TaskDurability, GenVideoAnswersOnlyOnceTheTaskIsSynced) {
  // No slot: nothing starts, so a task's creation is the only write that could sync its bytes
  // before the check below.
  cfg.max_concurrent_exports = 0;
  cfg.max_queued = 100;
  start();
  for (int i = 0; i < 5; ++i) {
    auto url = "http://d/x?draft_id=ack" + std::to_string(i);
    ASSERT_FALSE(submit(url));
    EXPECT_TRUE(probe->synced(url)) << url << " was acknowledged before it was synced";
  }
}

TEST_F(TaskDurability, CompletedAndFailedAreSyncedBeforeStatusShowsThem) {
  exporter->release();
  start();
  for (bool ok : {true, false}) {
    SCOPED_TRACE(ok ? "completed" : "failed");
    exporter->result = ok ? exporting::export_result{true, false, "out.mp4", ""}
                          : exporting::export_result{false, false, "", "Draft does not exist"};
    auto url = std::string("http://d/x?draft_id=") + (ok ? "done" : "broken");
    ASSERT_FALSE(submit(url));
    std::optional<storage::task_record> seen;
    ASSERT_TRUE(testing::wait_until(
        [&] {
          seen = status(url);
          return seen && storage::is_terminal(seen->status);
        },
        10s, 1ms));
    EXPECT_EQ(seen->status, ok ? task_status::completed : task_status::failed);
    EXPECT_TRUE(probe->synced(storage::encode(*seen))) << "status showed an unsynced state";
  }
}

TEST_F(TaskDurability, ATaskIsInvisibleUntilItsCreationIsDurable) {
  start();
  const std::string url = "http://d/x?draft_id=unsure";
  probe->hold_syncs();
  auto submitted = std::async(std::launch::async, [&] { return submit(url); });
  ASSERT_TRUE(testing::wait_until([&] { return probe->syncs_waiting() == 1; }, 10s, 1ms));
  // The creation is written but not yet synced: gen_video has not answered, so neither may
  // status nor the active count show the task.
  EXPECT_EQ(status_error(url), make_error(task_error::not_found));
  caf::scoped_actor self{sys};
  self->request(sup, 10s, count_atom::value)
      .receive([](uint64_t n) { EXPECT_EQ(n, 0u); }, [](caf::error&) { FAIL(); });
  // The disk then loses the write: gen_video answers 500, and the task never existed.
  probe->fail_syncs(true);
  probe->release_syncs();
  EXPECT_EQ(submitted.get(), make_error(task_error::storage_failed));
  EXPECT_EQ(status_error(url), make_error(task_error::not_found));
  // Once the disk works again the same draft is accepted.
  probe->fail_syncs(false);
  ASSERT_FALSE(submit(url));
  EXPECT_EQ(status(url)->status == task_status::pending ||
                status(url)->status == task_status::processing,
            true);
}

TEST_F(TaskDurability, AReexportShowsTheFinishedTaskUntilTheNewOneIsDurable) {
  exporter->release();
  start();
  const std::string url = "http://d/x?draft_id=again";
  ASSERT_FALSE(submit(url));
  ASSERT_TRUE(wait_for(url, task_status::completed));
  auto finished = status(url);
  probe->hold_syncs();
  auto resubmitted = std::async(std::launch::async, [&] { return submit(url); });
  ASSERT_TRUE(testing::wait_until([&] { return probe->syncs_waiting() == 1; }, 10s, 1ms));
  auto during = status(url);
  ASSERT_TRUE(during);
  EXPECT_EQ(*during, *finished) << "status showed the re-export before it was durable";
  probe->fail_syncs(true);
  probe->release_syncs();
  EXPECT_EQ(resubmitted.get(), make_error(task_error::storage_failed));
  auto after = status(url);
  ASSERT_TRUE(after);
  EXPECT_EQ(*after, *finished);
  probe->fail_syncs(false);
}

} // namespace
} // namespace cutqueue
