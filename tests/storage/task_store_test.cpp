#include "storage/task_store.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

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

TEST(task_store, write_then_get) {
  temp_dir dir;
  auto store = open_store(dir.sub("db"));
  ASSERT_TRUE(store);
  task_record r = sample("http://h/a?draft_id=1", task_status::pending, 1);
  ASSERT_TRUE(store->write(r).ok());
  task_record got;
  status st = store->get(r.draft_url, got);
  ASSERT_TRUE(st.ok()) << st.message;
  EXPECT_EQ(got, r);
}

TEST(task_store, get_missing_is_not_found_and_leaves_out_alone) {
  temp_dir dir;
  auto store = open_store(dir.sub("db"));
  ASSERT_TRUE(store);
  task_record out = sample("keep", task_status::failed, 9);
  status st = store->get("http://nope", out);
  EXPECT_TRUE(st.is_not_found()) << st.message;
  EXPECT_EQ(out, sample("keep", task_status::failed, 9));
}

TEST(task_store, reopen_keeps_records_in_every_state) {
  temp_dir dir;
  std::vector<task_record> recs = {sample("u/pending", task_status::pending, 10),
                                   sample("u/processing", task_status::processing, 11),
                                   sample("u/completed", task_status::completed, 12),
                                   sample("u/failed", task_status::failed, 13)};
  {
    auto store = open_store(dir.sub("db"));
    ASSERT_TRUE(store);
    for (const auto& r : recs)
      ASSERT_TRUE(store->write(r).ok());
  }
  auto store = open_store(dir.sub("db"));
  ASSERT_TRUE(store);
  for (const auto& r : recs) {
    task_record got;
    ASSERT_TRUE(store->get(r.draft_url, got).ok()) << r.draft_url;
    EXPECT_EQ(got, r);
  }
  std::vector<task_record> live;
  ASSERT_TRUE(store->load_live(live).ok());
  ASSERT_EQ(live.size(), 2u);
  EXPECT_EQ(live[0], recs[0]);
  EXPECT_EQ(live[1], recs[1]);
  std::vector<task_record> old;
  ASSERT_TRUE(store->expired(INT64_MAX, 10, old).ok());
  EXPECT_EQ(urls_of(old), (std::vector<std::string>{"u/completed", "u/failed"}));
}

TEST(task_store, live_index_follows_seq_and_drops_terminal_records) {
  temp_dir dir;
  auto store = open_store(dir.sub("db"));
  ASSERT_TRUE(store);
  // Written out of seq order: the index, not the write order, decides.
  for (uint64_t seq : {5, 1, 30, 2, 17})
    ASSERT_TRUE(store->write(sample("u" + std::to_string(seq), task_status::pending, seq)).ok());
  std::vector<task_record> live;
  ASSERT_TRUE(store->load_live(live).ok());
  EXPECT_EQ(urls_of(live), (std::vector<std::string>{"u1", "u2", "u5", "u17", "u30"}));

  ASSERT_TRUE(store->write(sample("u2", task_status::processing, 2)).ok());
  ASSERT_TRUE(store->write(sample("u5", task_status::completed, 5)).ok());
  ASSERT_TRUE(store->write(sample("u17", task_status::failed, 17)).ok());
  ASSERT_TRUE(store->load_live(live).ok());
  EXPECT_EQ(urls_of(live), (std::vector<std::string>{"u1", "u2", "u30"}));
  EXPECT_EQ(live[1].status, task_status::processing);

  // And it stays that way after a restart.
  store->close();
  store = open_store(dir.sub("db"));
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->load_live(live).ok());
  EXPECT_EQ(urls_of(live), (std::vector<std::string>{"u1", "u2", "u30"}));
}

TEST(task_store, reexport_replaces_terminal_record_and_fixes_both_indices) {
  temp_dir dir;
  auto store = open_store(dir.sub("db"));
  ASSERT_TRUE(store);
  task_record done = sample("u", task_status::completed, 3);
  ASSERT_TRUE(store->write(done).ok());
  std::vector<task_record> v;
  ASSERT_TRUE(store->expired(INT64_MAX, 10, v).ok());
  ASSERT_EQ(v.size(), 1u);

  task_record again = sample("u", task_status::pending, 99);
  again.created_at_ms = done.created_at_ms + 1000000;
  ASSERT_TRUE(store->write(again).ok());
  ASSERT_TRUE(store->expired(INT64_MAX, 10, v).ok());
  EXPECT_TRUE(v.empty());
  ASSERT_TRUE(store->load_live(v).ok());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], again);

  // Finishing the new task moves it back, at its new completion time.
  task_record failed = again;
  failed.status = task_status::failed;
  failed.completed_at_ms = again.created_at_ms + 50;
  ASSERT_TRUE(store->write(failed).ok());
  ASSERT_TRUE(store->load_live(v).ok());
  EXPECT_TRUE(v.empty());
  ASSERT_TRUE(store->expired(failed.completed_at_ms, 10, v).ok());
  EXPECT_TRUE(v.empty()) << "old completion time left behind in the retention index";
  ASSERT_TRUE(store->expired(failed.completed_at_ms + 1, 10, v).ok());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], failed);
}

// Readers skip stale index entries, so leaks would stay invisible through the API: look at the
// raw keys instead. After every kind of transition exactly one index key per record remains.
std::vector<std::string> raw_keys(const std::string& path) {
  std::vector<std::string> keys;
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::OpenForReadOnly(rocksdb::Options(), path, &db);
  EXPECT_TRUE(s.ok()) << s.ToString();
  if (!s.ok())
    return keys;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
  for (it->SeekToFirst(); it->Valid(); it->Next())
    keys.push_back(it->key().ToString());
  it.reset(); // an iterator must not outlive its database
  delete db;
  return keys;
}

TEST(task_store, index_keys_follow_every_transition_exactly) {
  temp_dir dir;
  {
    auto store = open_store(dir.sub("db"));
    ASSERT_TRUE(store);
    task_record a = sample("a", task_status::pending, 1);
    ASSERT_TRUE(store->write(a).ok());
    a.status = task_status::processing;
    ASSERT_TRUE(store->write(a).ok());
    a.seq = 7; // re-queued at a new position
    ASSERT_TRUE(store->write(a).ok());
    a.status = task_status::completed;
    a.completed_at_ms = 2000;
    ASSERT_TRUE(store->write(a).ok());
    a.completed_at_ms = 3000;
    ASSERT_TRUE(store->write(a).ok());
    ASSERT_TRUE(store->write(sample("b", task_status::failed, 2)).ok());
    ASSERT_TRUE(store->write(sample("b", task_status::pending, 9)).ok()); // re-export
    ASSERT_TRUE(store->write(sample("c", task_status::completed, 3)).ok());
    std::promise<status> erased;
    store->erase_async("c", [&](const status& st) { erased.set_value(st); });
    ASSERT_TRUE(erased.get_future().get().ok());
  }
  EXPECT_EQ(raw_keys(dir.sub("db")),
            (std::vector<std::string>{"l/00000000000000000009/b", "meta/format",
                                      "r/00000000000000003000/a", "t/a", "t/b"}));
}

TEST(task_store, expired_orders_by_completion_and_honours_cutoff_and_limit) {
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
  std::vector<task_record> v;
  ASSERT_TRUE(store->expired(INT64_MAX, 100, v).ok());
  EXPECT_EQ(urls_of(v), (std::vector<std::string>{"t100", "t200", "t300", "t400", "t500"}));
  ASSERT_TRUE(store->expired(300, 100, v).ok()); // strictly before the cutoff
  EXPECT_EQ(urls_of(v), (std::vector<std::string>{"t100", "t200"}));
  ASSERT_TRUE(store->expired(INT64_MAX, 3, v).ok());
  EXPECT_EQ(urls_of(v), (std::vector<std::string>{"t100", "t200", "t300"}));
  ASSERT_TRUE(store->expired(100, 10, v).ok());
  EXPECT_TRUE(v.empty());
  ASSERT_TRUE(store->expired(INT64_MAX, 0, v).ok());
  EXPECT_TRUE(v.empty());
}

TEST(task_store, erase_removes_record_and_index_entries) {
  temp_dir dir;
  auto store = open_store(dir.sub("db"));
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->write(sample("done", task_status::completed, 1)).ok());
  ASSERT_TRUE(store->write(sample("live", task_status::pending, 2)).ok());
  for (const char* url : {"done", "live", "never-existed"}) {
    std::promise<status> p;
    store->erase_async(url, [&](const status& st) { p.set_value(st); });
    status st = p.get_future().get();
    EXPECT_TRUE(st.ok()) << url << ": " << st.message;
  }
  task_record got;
  EXPECT_TRUE(store->get("done", got).is_not_found());
  EXPECT_TRUE(store->get("live", got).is_not_found());
  std::vector<task_record> v;
  ASSERT_TRUE(store->load_live(v).ok());
  EXPECT_TRUE(v.empty());
  ASSERT_TRUE(store->expired(INT64_MAX, 10, v).ok());
  EXPECT_TRUE(v.empty());
}

// Callbacks run in queue order and writes of one key inside one batch build on each other (the
// in-batch overlay): pending -> processing -> completed -> re-export, queued back to back.
TEST(task_store, same_key_written_many_times_in_one_batch) {
  temp_dir dir;
  auto store = open_store(dir.sub("db"));
  ASSERT_TRUE(store);
  std::mutex mu;
  std::condition_variable cv;
  std::vector<int> order;
  const int n = 4;
  task_record recs[n] = {
      sample("k", task_status::pending, 1), sample("k", task_status::processing, 1),
      sample("k", task_status::completed, 1), sample("k", task_status::pending, 2)};
  for (int i = 0; i < n; ++i)
    store->write_async(recs[i], i % 2 == 0, [&, i](const status& st) {
      EXPECT_TRUE(st.ok()) << st.message;
      std::lock_guard<std::mutex> lk(mu);
      order.push_back(i);
      cv.notify_all();
    });
  {
    std::unique_lock<std::mutex> lk(mu);
    cv.wait(lk, [&] { return order.size() == n; });
  }
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
  std::vector<task_record> v;
  ASSERT_TRUE(store->load_live(v).ok());
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], recs[3]);
  ASSERT_TRUE(store->expired(INT64_MAX, 10, v).ok());
  EXPECT_TRUE(v.empty());
}

TEST(task_store, concurrent_sync_writes_all_succeed_and_survive_reopen) {
  temp_dir dir;
  const int threads = 8, per_thread = 1500;
  {
    auto store = open_store(dir.sub("db"));
    ASSERT_TRUE(store);
    std::atomic<int> ok{0}, failed{0};
    std::mutex mu;
    std::condition_variable cv;
    int done = 0;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        for (int i = 0; i < per_thread; ++i) {
          uint64_t seq = static_cast<uint64_t>(t) * per_thread + i + 1;
          store->write_async(sample("c/" + std::to_string(seq), task_status::pending, seq), true,
                             [&](const status& st) {
                               (st.ok() ? ok : failed)++;
                               std::lock_guard<std::mutex> lk(mu);
                               ++done;
                               cv.notify_all();
                             });
        }
      });
    for (auto& th : pool)
      th.join();
    std::unique_lock<std::mutex> lk(mu);
    cv.wait(lk, [&] { return done == threads * per_thread; });
    EXPECT_EQ(ok.load(), threads * per_thread);
    EXPECT_EQ(failed.load(), 0);
  }
  auto store = open_store(dir.sub("db"));
  ASSERT_TRUE(store);
  std::vector<task_record> live;
  ASSERT_TRUE(store->load_live(live).ok());
  ASSERT_EQ(live.size(), static_cast<size_t>(threads * per_thread));
  for (size_t i = 0; i < live.size(); ++i)
    ASSERT_EQ(live[i].seq, i + 1);
  task_record got;
  ASSERT_TRUE(store->get("c/777", got).ok());
  EXPECT_EQ(got, sample("c/777", task_status::pending, 777));
}

TEST(task_store, close_drains_queued_writes_and_later_calls_fail_cleanly) {
  temp_dir dir;
  auto store = open_store(dir.sub("db"));
  ASSERT_TRUE(store);
  std::atomic<int> ok{0};
  for (uint64_t i = 1; i <= 500; ++i)
    store->write_async(sample("d/" + std::to_string(i), task_status::pending, i), false,
                       [&](const status& st) { ok += st.ok(); });
  store->close();
  EXPECT_EQ(ok.load(), 500);
  status late;
  store->write_async(sample("late", task_status::pending, 1), true,
                     [&](const status& st) { late = st; });
  EXPECT_FALSE(late.ok());
  task_record got;
  EXPECT_FALSE(store->get("d/1", got).ok());
  store->close(); // twice is fine
  store = open_store(dir.sub("db"));
  ASSERT_TRUE(store);
  std::vector<task_record> live;
  ASSERT_TRUE(store->load_live(live).ok());
  EXPECT_EQ(live.size(), 500u);
}

TEST(task_store, refuses_text_json_cannot_hold) {
  temp_dir dir;
  auto store = open_store(dir.sub("db"));
  ASSERT_TRUE(store);
  status st = store->write(sample("http://h/\xff\xfe?draft_id=1", task_status::pending, 1));
  EXPECT_EQ(st.c, status::code::invalid) << st.message;
  EXPECT_TRUE(store->write(sample("fine", task_status::pending, 2)).ok());
}

} // namespace
} // namespace cutqueue::storage
