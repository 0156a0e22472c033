// The status page's list through the supervisor: live tasks with their live progress, then
// finished ones from the store, newest created first and bounded.
#include "tests/actors/supervisor_fixture.hpp"

namespace cutqueue {
namespace {

using storage::task_record;
using storage::task_status;

std::vector<task_record> recent(caf::actor_system& sys, const supervisor_actor& sup,
                                uint32_t limit) {
  caf::scoped_actor self{sys};
  std::vector<task_record> out;
  self->request(sup, 10s, recent_atom::value, limit)
      .receive([&](std::vector<task_record>& v) { out = std::move(v); },
               [](caf::error& err) { ADD_FAILURE() << caf::to_string(err); });
  return out;
}

TEST_F(SupervisorTest, RecentTasksMergeLiveAndFinishedNewestFirst) {
  start();
  const std::string done = "http://d/x?draft_id=done", running = "http://d/x?draft_id=running",
                    waiting = "http://d/x?draft_id=waiting";
  ASSERT_FALSE(submit(done));
  ASSERT_TRUE(wait_for(done, task_status::processing));
  exporter->release();
  ASSERT_TRUE(wait_for(done, task_status::completed));
  {
    std::lock_guard<std::mutex> guard{exporter->mtx};
    exporter->release_all = false;
  }
  ASSERT_FALSE(submit(running));
  ASSERT_TRUE(testing::wait_until([&] { return status(running)->progress == 50; }, 5s));
  ASSERT_FALSE(submit(waiting));

  auto all = recent(sys, sup, 10);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].draft_url, waiting);
  EXPECT_EQ(all[0].status, task_status::pending);
  EXPECT_EQ(all[1].draft_url, running);
  EXPECT_EQ(all[1].progress, 50); // the task actor's own value, ahead of the store
  EXPECT_EQ(all[2].draft_url, done);
  EXPECT_EQ(all[2].status, task_status::completed);

  auto two = recent(sys, sup, 2);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[1].draft_url, running);
}

} // namespace
} // namespace cutqueue
