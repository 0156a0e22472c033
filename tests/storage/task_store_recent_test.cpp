// task_store::recent_finished, the status page's read: newest completion first, bounded, and
// blind to stale index entries of re-submitted tasks.
#include "storage/task_store.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

namespace cutqueue::storage {
namespace {

using test::open_store;
using test::sample;
using test::temp_dir;

std::vector<std::string> urls_of(const std::vector<task_record>& v) {
  std::vector<std::string> out;
  for (const auto& r : v)
    out.push_back(r.draft_url);
  return out;
}

TEST(task_store_recent, newest_completion_first_bounded_and_live_tasks_left_out) {
  temp_dir dir;
  auto store = open_store(dir.sub("db"));
  ASSERT_TRUE(store);
  const int64_t times[] = {500, 100, 300, 200, 400};
  for (int i = 0; i < 5; ++i) {
    task_record r = sample("t" + std::to_string(times[i]),
                           i % 2 ? task_status::failed : task_status::completed, i);
    r.completed_at_ms = times[i];
    ASSERT_TRUE(store->write(r).ok());
  }
  ASSERT_TRUE(store->write(sample("live", task_status::processing, 9)).ok());
  // Re-submitted: its old retention entry must not bring the finished record back.
  ASSERT_TRUE(store->write(sample("t300", task_status::pending, 10)).ok());

  std::vector<task_record> v;
  ASSERT_TRUE(store->recent_finished(100, v).ok());
  EXPECT_EQ(urls_of(v), (std::vector<std::string>{"t500", "t400", "t200", "t100"}));
  ASSERT_TRUE(store->recent_finished(2, v).ok());
  EXPECT_EQ(urls_of(v), (std::vector<std::string>{"t500", "t400"}));
  ASSERT_TRUE(store->recent_finished(0, v).ok());
  EXPECT_TRUE(v.empty());
}

TEST(task_store_recent, empty_store_lists_nothing) {
  temp_dir dir;
  auto store = open_store(dir.sub("db"));
  ASSERT_TRUE(store);
  std::vector<task_record> v{sample("stale", task_status::failed, 1)};
  ASSERT_TRUE(store->recent_finished(10, v).ok());
  EXPECT_TRUE(v.empty());
}

} // namespace
} // namespace cutqueue::storage
