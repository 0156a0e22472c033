// What kill -9 cannot show: that a write is fsynced before the store says it is durable. The
// page cache survives a killed process, so a lost `sync = true` passes every crash test; here a
// file system under RocksDB records which WAL bytes were synced when each callback ran.
#include "storage/task_store.hpp"
#include "temp_dir.hpp"
#include "tests/support/storage/wal_probe.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace cutqueue::storage {
namespace {

using test::sample;
using test::temp_dir;
using test::wal_probe;

using namespace std::chrono_literals;

bool eventually(const std::function<bool()>& pred) {
  return cutqueue::testing::wait_until(pred, 10s, 2ms);
}

class TaskStoreSync : public ::testing::Test {
protected:
  void SetUp() override {
    status st = task_store::open({dir.sub("db"), probe}, store);
    ASSERT_TRUE(st.ok()) << st.message;
  }

  /// Queues `rec`; the callback records, on the committer thread, whether its bytes were
  /// synced at that moment (later writes may sync them afterwards, which must not count).
  void write_and_check(const task_record& rec, bool sync) {
    ++queued;
    store->write_async(rec, sync, [this, encoded = encode(rec)](const status& st) {
      if (!st.ok())
        failed_writes.fetch_add(1);
      else if (probe->synced(encoded))
        synced_when_acknowledged.fetch_add(1);
      acknowledged.fetch_add(1);
    });
  }

  bool all_acknowledged() {
    return eventually([&] { return acknowledged.load() == queued.load(); });
  }

  temp_dir dir;
  std::shared_ptr<wal_probe> probe = std::make_shared<wal_probe>();
  std::unique_ptr<task_store> store;
  std::atomic<int> queued{0}, acknowledged{0}, synced_when_acknowledged{0}, failed_writes{0};
};

TEST_F(TaskStoreSync, EverySyncedWriteIsOnDiskBeforeItsCallbackRuns) {
  // Four producers at once, as task actors and the HTTP layer are.
  std::vector<std::thread> producers;
  for (int t = 0; t < 4; ++t)
    producers.emplace_back([this, t] {
      for (int i = 0; i < 25; ++i)
        write_and_check(sample("http://d/x?draft_id=" + std::to_string(t * 100 + i),
                               i % 2 ? task_status::completed : task_status::pending,
                               static_cast<uint64_t>(t * 100 + i + 1)),
                        true);
    });
  for (auto& p : producers)
    p.join();
  ASSERT_TRUE(all_acknowledged());
  EXPECT_EQ(failed_writes.load(), 0);
  EXPECT_EQ(synced_when_acknowledged.load(), 100);
}

TEST_F(TaskStoreSync, ProgressWritesAreNotSyncedSoTheProbeCanTellTheDifference) {
  // Without this the test above could pass on a probe that calls everything synced.
  auto rec = sample("http://d/x?draft_id=progress", task_status::processing, 1);
  write_and_check(rec, false);
  ASSERT_TRUE(all_acknowledged());
  EXPECT_EQ(synced_when_acknowledged.load(), 0);
  EXPECT_TRUE(probe->written(encode(rec)));
  EXPECT_FALSE(probe->synced(encode(rec)));
  // A synced write after it covers it too: the WAL is synced as a prefix.
  write_and_check(sample("http://d/x?draft_id=later", task_status::pending, 2), true);
  ASSERT_TRUE(all_acknowledged());
  EXPECT_TRUE(probe->synced(encode(rec)));
}

TEST_F(TaskStoreSync, GroupCommitPacksConcurrentWritesIntoFewSyncs) {
  const size_t before = probe->wal_syncs();
  // The first write's sync stands for a slow disk: everything queued meanwhile must share the
  // next batch and its one sync.
  probe->hold_syncs();
  write_and_check(sample("http://d/x?draft_id=first", task_status::pending, 1), true);
  ASSERT_TRUE(eventually([&] { return probe->syncs_waiting() == 1; }));
  std::vector<std::thread> producers;
  for (int t = 0; t < 4; ++t)
    producers.emplace_back([this, t] {
      for (int i = 0; i < 50; ++i)
        write_and_check(sample("http://d/x?draft_id=g" + std::to_string(t * 100 + i),
                               task_status::pending, static_cast<uint64_t>(t * 100 + i + 2)),
                        true);
    });
  for (auto& p : producers)
    p.join();
  probe->release_syncs();
  ASSERT_TRUE(all_acknowledged());
  EXPECT_EQ(failed_writes.load(), 0);
  EXPECT_EQ(synced_when_acknowledged.load(), 201);
  // One sync for the first write, one for the 200 queued behind it.
  EXPECT_EQ(probe->wal_syncs() - before, 2u);
}

TEST_F(TaskStoreSync, AFailedSyncFailsTheWriteInsteadOfAcknowledgingIt) {
  probe->fail_syncs(true);
  write_and_check(sample("http://d/x?draft_id=lost", task_status::pending, 1), true);
  ASSERT_TRUE(all_acknowledged());
  EXPECT_EQ(failed_writes.load(), 1);
  task_record out;
  EXPECT_FALSE(store->get("http://d/x?draft_id=lost", out).ok() &&
               out.status == task_status::pending)
      << "a write whose sync failed became readable";
  // The store reopens and takes writes again once the disk does.
  probe->fail_syncs(false);
  EXPECT_TRUE(eventually([&] {
    return store->write(sample("http://d/x?draft_id=next", task_status::pending, 2)).ok();
  }));
}

} // namespace
} // namespace cutqueue::storage
