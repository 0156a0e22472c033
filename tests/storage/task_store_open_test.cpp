// open() on folders that are not a healthy, free cutqueue store: every case must end in a clear,
// non-ok status (never a crash, never an empty store silently created in place of the real one).
#include "storage/task_store.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

namespace cutqueue::storage {
namespace {

namespace fs = std::filesystem;
using test::open_store;
using test::sample;
using test::temp_dir;

status try_open(const std::string& path) {
  std::unique_ptr<task_store> s;
  status st = task_store::open({path}, s);
  EXPECT_EQ(st.ok(), s != nullptr);
  return st;
}

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

// A store with data in the WAL and in at least one table file (reopening flushes the WAL).
void make_store_with_tables(const std::string& path) {
  for (int round = 0; round < 2; ++round) {
    auto store = open_store(path);
    ASSERT_TRUE(store);
    std::vector<task_record> recs;
    for (uint64_t i = 1; i <= 200; ++i)
      recs.push_back(sample("r" + std::to_string(round) + "/" + std::to_string(i),
                            task_status::pending, round * 1000 + i));
    ASSERT_TRUE(test::write_all(*store, recs).ok());
  }
}

std::vector<fs::path> files_matching(const std::string& dir, const std::string& prefix,
                                     const std::string& suffix) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string n = e.path().filename().string();
    if (n.rfind(prefix, 0) == 0 && n.size() >= suffix.size() &&
        n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0)
      out.push_back(e.path());
  }
  return out;
}

void overwrite_with_garbage(const fs::path& p) {
  auto size = fs::file_size(p);
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  for (uintmax_t i = 0; i < size; ++i)
    f.put(static_cast<char>((i * 7919 + 13) & 0xff));
}

TEST(task_store_open, creates_missing_folders) {
  temp_dir dir;
  auto store = open_store(dir.sub("a/b/c"));
  ASSERT_TRUE(store);
  EXPECT_TRUE(fs::is_directory(dir.sub("a/b/c")));
}

TEST(task_store_open, second_open_in_same_process_is_busy) {
  temp_dir dir;
  auto first = open_store(dir.sub("db"));
  ASSERT_TRUE(first);
  status st = try_open(dir.sub("db"));
  EXPECT_EQ(st.c, status::code::busy) << st.message;
  EXPECT_TRUE(contains(st.message, "data folder " + dir.sub("db") +
                                       " is already in use by another cutqueue process"))
      << st.message;
  // The first one is unharmed.
  EXPECT_TRUE(first->write(sample("x", task_status::pending, 1)).ok());
}

// Run in a child process by second_open_in_other_process_is_busy: holds the store open until
// its stdin closes.
TEST(task_store_open, DISABLED_hold_store_open_helper) {
  const char* path = std::getenv("CUTQUEUE_TEST_HOLD_PATH");
  const char* fd = std::getenv("CUTQUEUE_TEST_HOLD_FD");
  ASSERT_TRUE(path && fd);
  auto store = open_store(path);
  ASSERT_TRUE(store);
  char one = '1';
  ASSERT_EQ(::write(std::atoi(fd), &one, 1), 1);
  char buf;
  while (::read(0, &buf, 1) > 0) {
  }
}

TEST(task_store_open, second_open_in_other_process_is_busy) {
  temp_dir dir;
  const std::string path = dir.sub("db");
  int ready[2], hold[2];
  ASSERT_EQ(::pipe(ready), 0);
  ASSERT_EQ(::pipe(hold), 0);
  std::string self = fs::read_symlink("/proc/self/exe").string();
  std::string env_path = "CUTQUEUE_TEST_HOLD_PATH=" + path;
  std::string env_fd = "CUTQUEUE_TEST_HOLD_FD=" + std::to_string(ready[1]);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    ::dup2(hold[0], 0);
    ::close(hold[1]);
    ::close(ready[0]);
    char* argv[] = {
        self.data(), const_cast<char*>("--gtest_also_run_disabled_tests"),
        const_cast<char*>("--gtest_filter=task_store_open.DISABLED_hold_store_open_helper"),
        nullptr};
    char* envp[] = {env_path.data(), env_fd.data(), nullptr};
    ::execve(self.c_str(), argv, envp);
    ::_exit(127);
  }
  ::close(hold[0]);
  ::close(ready[1]);
  char c = 0;
  ssize_t n = ::read(ready[0], &c, 1); // blocks until the child holds the store (or dies)
  ::close(ready[0]);
  status st;
  if (n == 1)
    st = try_open(path);
  ::close(hold[1]); // lets the child finish
  int wstatus = 0;
  ::waitpid(pid, &wstatus, 0);
  ASSERT_EQ(n, 1) << "helper process did not open the store";
  EXPECT_TRUE(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0);
  EXPECT_EQ(st.c, status::code::busy) << st.message;
  EXPECT_TRUE(contains(st.message, "is already in use by another cutqueue process")) << st.message;
  // Free again once the other process is gone.
  EXPECT_TRUE(open_store(path));
}

TEST(task_store_open, foreign_rocksdb_is_invalid) {
  temp_dir dir;
  const std::string path = dir.sub("foreign");
  {
    rocksdb::Options o;
    o.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(o, path, &db).ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "t/looks-like-ours", "but is not").ok());
    delete db;
  }
  status st = try_open(path);
  EXPECT_EQ(st.c, status::code::invalid) << st.message;
  EXPECT_TRUE(contains(st.message, path)) << st.message;
  // Nothing was written into it.
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(rocksdb::DB::OpenForReadOnly(rocksdb::Options(), path, &db).ok());
  std::string v;
  EXPECT_TRUE(db->Get(rocksdb::ReadOptions(), "meta/format", &v).IsNotFound());
  delete db;
}

TEST(task_store_open, foreign_rocksdb_with_column_families_is_invalid) {
  temp_dir dir;
  const std::string path = dir.sub("foreign");
  {
    rocksdb::Options o;
    o.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(o, path, &db).ok());
    rocksdb::ColumnFamilyHandle* cf = nullptr;
    ASSERT_TRUE(db->CreateColumnFamily(rocksdb::ColumnFamilyOptions(), "other", &cf).ok());
    ASSERT_TRUE(db->DestroyColumnFamilyHandle(cf).ok());
    delete db;
  }
  status st = try_open(path);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(contains(st.message, path)) << st.message;
}

TEST(task_store_open, folder_with_other_files_is_invalid) {
  temp_dir dir;
  std::ofstream(dir.path() + "/notes.txt") << "not a database";
  status st = try_open(dir.path());
  EXPECT_EQ(st.c, status::code::invalid) << st.message;
  EXPECT_TRUE(contains(st.message, dir.path())) << st.message;
  EXPECT_FALSE(fs::exists(dir.path() + "/CURRENT"));
}

TEST(task_store_open, path_below_a_file_is_io_error) {
  temp_dir dir;
  std::ofstream(dir.path() + "/file") << "x";
  status st = try_open(dir.path() + "/file/db");
  EXPECT_EQ(st.c, status::code::io_error) << st.message;
  EXPECT_TRUE(contains(st.message, dir.path() + "/file/db")) << st.message;
}

TEST(task_store_open, missing_current_with_data_is_corruption_not_a_new_store) {
  temp_dir dir;
  const std::string path = dir.sub("db");
  make_store_with_tables(path);
  fs::remove(path + "/CURRENT");
  status st = try_open(path);
  EXPECT_EQ(st.c, status::code::corruption) << st.message;
  EXPECT_TRUE(contains(st.message, path)) << st.message;
  EXPECT_FALSE(fs::exists(path + "/CURRENT")) << "open must not recreate the store";
}

TEST(task_store_open, garbage_current_fails) {
  temp_dir dir;
  const std::string path = dir.sub("db");
  make_store_with_tables(path);
  std::ofstream(path + "/CURRENT", std::ios::trunc) << "garbage";
  status st = try_open(path);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(contains(st.message, path)) << st.message;
}

TEST(task_store_open, current_naming_missing_manifest_fails) {
  temp_dir dir;
  const std::string path = dir.sub("db");
  make_store_with_tables(path);
  std::ofstream(path + "/CURRENT", std::ios::trunc) << "MANIFEST-999999\n";
  status st = try_open(path);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(contains(st.message, path)) << st.message;
}

// Every damaged file kind refuses to open and names the folder; garbage is reported as
// corruption. A store that opened anyway would look empty and lose every task.
struct damage_case {
  const char* name;
  const char* prefix; ///< of the damaged files' names
  const char* suffix;
  bool garbage; ///< overwrite with garbage; otherwise cut to half its size
};

void PrintTo(const damage_case& c, std::ostream* os) {
  *os << c.name;
}

class task_store_damaged : public ::testing::TestWithParam<damage_case> {};

TEST_P(task_store_damaged, refuses_to_open) {
  const auto& c = GetParam();
  temp_dir dir;
  const std::string path = dir.sub("db");
  make_store_with_tables(path);
  auto files = files_matching(path, c.prefix, c.suffix);
  ASSERT_FALSE(files.empty());
  for (const auto& f : files) {
    if (c.garbage)
      overwrite_with_garbage(f);
    else
      fs::resize_file(f, fs::file_size(f) / 2);
  }
  status st = try_open(path);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(contains(st.message, path)) << st.message;
  if (c.garbage) {
    EXPECT_EQ(st.c, status::code::corruption) << st.message;
  }
}

INSTANTIATE_TEST_SUITE_P(task_store_open, task_store_damaged,
                         ::testing::Values(damage_case{"truncated_manifest", "MANIFEST-", "",
                                                       false},
                                           damage_case{"garbage_manifest", "MANIFEST-", "", true},
                                           damage_case{"truncated_table_file", "", ".sst", false},
                                           damage_case{"garbage_table_file", "", ".sst", true}),
                         [](const auto& info) { return std::string(info.param.name); });

// Damage in the middle of the WAL is acknowledged data: refuse, do not skip it.
TEST(task_store_open, damaged_wal_middle_is_corruption) {
  temp_dir dir;
  const std::string path = dir.sub("db");
  {
    auto store = open_store(path);
    ASSERT_TRUE(store);
    // Three WAL records (one per group commit); the damage lands in the middle one.
    for (uint64_t b = 0; b < 3; ++b) {
      std::vector<task_record> recs;
      for (uint64_t i = 1; i <= 100; ++i)
        recs.push_back(
            sample("w/" + std::to_string(b * 100 + i), task_status::pending, b * 100 + i));
      ASSERT_TRUE(test::write_all(*store, recs).ok());
    }
  }
  auto wals = files_matching(path, "", ".log");
  ASSERT_FALSE(wals.empty());
  fs::path wal = wals.back();
  for (const auto& w : wals)
    if (fs::file_size(w) > fs::file_size(wal))
      wal = w;
  auto size = fs::file_size(wal);
  ASSERT_GT(size, 4096u);
  {
    std::fstream f(wal, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    for (int i = 0; i < 64; ++i)
      f.put('\x5a');
  }
  status st = try_open(path);
  EXPECT_EQ(st.c, status::code::corruption) << st.message;
}

// A crash mid-append leaves an incomplete last record: that write was never acknowledged, and
// the store must still open with everything before it.
TEST(task_store_open, torn_wal_tail_opens_with_earlier_records) {
  temp_dir dir;
  const std::string path = dir.sub("db");
  {
    auto store = open_store(path);
    ASSERT_TRUE(store);
    for (uint64_t i = 1; i <= 50; ++i)
      ASSERT_TRUE(store->write(sample("w/" + std::to_string(i), task_status::pending, i)).ok());
  }
  auto wals = files_matching(path, "", ".log");
  ASSERT_FALSE(wals.empty());
  fs::path wal = wals.back();
  for (const auto& w : wals)
    if (fs::file_size(w) > fs::file_size(wal))
      wal = w;
  fs::resize_file(wal, fs::file_size(wal) - 20);
  auto store = open_store(path);
  ASSERT_TRUE(store);
  std::vector<task_record> live;
  ASSERT_TRUE(store->load_live(live).ok());
  EXPECT_GE(live.size(), 49u);
  EXPECT_LE(live.size(), 50u);
}

} // namespace
} // namespace cutqueue::storage
