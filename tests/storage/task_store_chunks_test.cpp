// Chunk records of long exports (render/chunked_render.hpp): synced puts, read back by task and
// only that task's (ids that share a prefix included), dropped together, and gone with their
// task's record when the retention sweep erases it; across a reopen.
#include "storage/task_store.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <future>

namespace cutqueue::storage {
namespace {

using test::open_store;
using test::sample;
using test::temp_dir;

using records = std::map<std::string, std::string>;

status drop(task_store& store, const std::string& task) {
  std::promise<status> done;
  store.drop_chunks_async(task, [&](const status& st) { done.set_value(st); });
  return done.get_future().get();
}

status erase(task_store& store, const std::string& url) {
  std::promise<status> done;
  store.erase_async(url, [&](const status& st) { done.set_value(st); });
  return done.get_future().get();
}

TEST(task_store_chunks, records_are_per_task_survive_a_reopen_and_go_with_their_task) {
  temp_dir dir;
  {
    auto store = open_store(dir.sub("db"));
    ASSERT_TRUE(store);
    task_record rec = sample("u1", task_status::processing, 1);
    rec.task_id = "abc";
    ASSERT_TRUE(store->write(rec).ok());
    ASSERT_TRUE(store->put_chunk("abc", "v0000", "one").ok());
    ASSERT_TRUE(store->put_chunk("abc", "sound", "two").ok());
    ASSERT_TRUE(store->put_chunk("abc", "v0000", "one again").ok()) << "a later record wins";
    ASSERT_TRUE(store->put_chunk("abcd", "v0000", "another task").ok());
    ASSERT_TRUE(store->put_chunk("ab", "v0001", "and another").ok());
  }
  auto store = open_store(dir.sub("db"));
  ASSERT_TRUE(store);
  records got;
  ASSERT_TRUE(store->load_chunks("abc", got).ok());
  EXPECT_EQ(got, (records{{"sound", "two"}, {"v0000", "one again"}}));
  ASSERT_TRUE(store->load_chunks("nobody", got).ok());
  EXPECT_TRUE(got.empty());

  ASSERT_TRUE(drop(*store, "abcd").ok());
  ASSERT_TRUE(store->load_chunks("abcd", got).ok());
  EXPECT_TRUE(got.empty());
  ASSERT_TRUE(store->load_chunks("abc", got).ok());
  EXPECT_EQ(got.size(), 2u) << "another task's drop leaves these";

  // The sweep erases the finished task: its chunk records go in the same batch.
  task_record done = sample("u1", task_status::completed, 1);
  done.task_id = "abc";
  done.completed_at_ms = 5;
  ASSERT_TRUE(store->write(done).ok());
  ASSERT_TRUE(erase(*store, "u1").ok());
  ASSERT_TRUE(store->load_chunks("abc", got).ok());
  EXPECT_TRUE(got.empty());
  ASSERT_TRUE(store->load_chunks("ab", got).ok());
  EXPECT_EQ(got, (records{{"v0001", "and another"}}));
}

} // namespace
} // namespace cutqueue::storage
