// Storage faults on a real filesystem: a small tmpfs that fills up, and one remounted read-only.
// Mounting needs root (CAP_SYS_ADMIN); elsewhere these tests are skipped, not passed silently.
#include "storage/task_store.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/mount.h>
#include <thread>
#include <unistd.h>

namespace cutqueue::storage {
namespace {

namespace fs = std::filesystem;
using test::open_store;
using test::sample;
using test::temp_dir;

/// A tmpfs of `size_kb` mounted in a temp folder for the lifetime of the object.
class small_fs {
public:
  explicit small_fs(int size_kb) {
    std::string opts = "size=" + std::to_string(size_kb) + "k";
    if (::mount("tmpfs", dir_.path().c_str(), "tmpfs", 0, opts.c_str()) == 0)
      mounted_ = true;
    else
      error_ = std::strerror(errno);
  }
  ~small_fs() {
    if (mounted_)
      ::umount2(dir_.path().c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }
  std::string sub(const std::string& name) const { return dir_.sub(name); }
  bool remount_read_only() {
    return ::mount("tmpfs", dir_.path().c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
  }

  /// Writes a filler file until the filesystem refuses; returns its path.
  std::string fill() {
    std::string path = dir_.sub("filler");
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char> block(4096, 'f');
    while (fd >= 0 && ::write(fd, block.data(), block.size()) > 0) {
    }
    // Small writes too, so not even a partial page is left over.
    while (fd >= 0 && ::write(fd, block.data(), 1) > 0) {
    }
    if (fd >= 0)
      ::close(fd);
    return path;
  }

private:
  temp_dir dir_;
  bool mounted_ = false;
  std::string error_;
};

// RocksDB preallocates its WAL (~1.1 x write_buffer_size), so the disk is filled first and then
// written to until the preallocated part is used up too. Once space returns, RocksDB's own
// recovery (which needs write_buffer_size free and polls every 5 s) lets writes through again.
TEST(task_store_fault, full_disk_fails_writes_cleanly_and_recovers_when_space_returns) {
  small_fs disk(32 * 1024);
  if (!disk.mounted())
    GTEST_SKIP() << "cannot mount a tmpfs here (" << disk.error() << "); needs root";
  const std::string path = disk.sub("db");
  auto store = open_store(path);
  ASSERT_TRUE(store);
  std::vector<task_record> acked;
  for (uint64_t i = 1; i <= 20; ++i) {
    acked.push_back(sample("before/" + std::to_string(i), task_status::pending, i));
    ASSERT_TRUE(store->write(acked.back()).ok());
  }

  std::string filler = disk.fill();
  status failure;
  for (uint64_t i = 1; i <= 400 && failure.ok(); ++i) {
    task_record r = sample("full/" + std::to_string(i), task_status::pending, 100 + i);
    r.error_message.assign(64 * 1024, 'x');
    status st = store->write(r);
    if (st.ok())
      acked.push_back(r);
    else
      failure = st;
  }
  ASSERT_FALSE(failure.ok()) << "the disk never filled up";
  EXPECT_EQ(failure.c, status::code::io_error) << failure.message;
  EXPECT_NE(failure.message.find("data folder " + path + " is full"), std::string::npos)
      << failure.message;
  // While full: further writes fail too (never a false success), reads keep working.
  EXPECT_FALSE(store->write(sample("full/again", task_status::pending, 999)).ok());
  task_record got;
  EXPECT_TRUE(store->get("before/1", got).ok());

  fs::remove(filler);
  task_record after = sample("after/1", task_status::pending, 1000);
  status again;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  do {
    again = store->write(after);
    if (!again.ok())
      std::this_thread::sleep_for(std::chrono::milliseconds(100)); // RocksDB polls, so do we
  } while (!again.ok() && std::chrono::steady_clock::now() < deadline);
  ASSERT_TRUE(again.ok()) << "writes did not recover after space returned: " << again.message;
  acked.push_back(after);
  for (uint64_t i = 2; i <= 20; ++i) {
    acked.push_back(sample("after/" + std::to_string(i), task_status::pending, 1000 + i));
    ASSERT_TRUE(store->write(acked.back()).ok());
  }

  // Everything acknowledged is still there after a restart.
  store->close();
  store = open_store(path);
  ASSERT_TRUE(store);
  for (const auto& r : acked) {
    ASSERT_TRUE(store->get(r.draft_url, got).ok()) << r.draft_url;
    EXPECT_EQ(got, r);
  }
}

TEST(task_store_fault, read_only_folder_is_a_clear_io_error) {
  small_fs disk(8 * 1024);
  if (!disk.mounted())
    GTEST_SKIP() << "cannot mount a tmpfs here (" << disk.error() << "); needs root";
  const std::string path = disk.sub("db");
  {
    auto store = open_store(path);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->write(sample("x", task_status::pending, 1)).ok());
  }
  ASSERT_TRUE(disk.remount_read_only()) << std::strerror(errno);
  std::unique_ptr<task_store> s;
  status st = task_store::open({path}, s);
  EXPECT_EQ(st.c, status::code::io_error) << st.message;
  EXPECT_NE(st.message.find("data folder " + path + " is not writable"), std::string::npos)
      << st.message;
  EXPECT_FALSE(s);
}

} // namespace
} // namespace cutqueue::storage
