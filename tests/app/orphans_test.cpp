#include "app/orphans.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace cutqueue::app {
namespace {

using cutqueue::testing::child_process;
using cutqueue::testing::temp_dir;
using cutqueue::testing::wait_until;
using namespace std::chrono_literals;

/// True once `p` runs its own program: right after fork, /proc still shows the test's arguments.
bool exec_done(const child_process& p, const std::string& last_arg) {
  std::ifstream in("/proc/" + std::to_string(p.pid()) + "/cmdline", std::ios::binary);
  std::string args((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return args.find(last_arg) != std::string::npos;
}

TEST(Orphans, KillsOnlyTheProgramWorkingInsideTheRoots) {
  temp_dir dir("orphans");
  const std::string root = dir.path() + "/data/work";
  std::filesystem::create_directories(root + "/task1");
  // A stand-in for a leftover FFmpeg: a copy of sh named ffmpeg that waits, with a path in
  // the root among its arguments (": " keeps sh from replacing itself with sleep).
  const std::string fake_ffmpeg = dir.path() + "/ffmpeg";
  std::filesystem::copy_file("/bin/sh", fake_ffmpeg);
  std::filesystem::permissions(fake_ffmpeg, std::filesystem::perms::owner_all);
  auto waiting = [](const std::string& program, const std::string& file) {
    return std::vector<std::string>{program, "-c", "sleep 60; :", "x", file};
  };
  child_process leftover(waiting(fake_ffmpeg, root + "/task1/in.mp4"));
  // Somebody else looking at the same folder, and an FFmpeg working elsewhere.
  child_process onlooker(waiting("/bin/sh", root + "/task1/in.mp4"));
  child_process elsewhere(waiting(fake_ffmpeg, dir.path() + "/other/in.mp4"));
  ASSERT_TRUE(wait_until(
      [&] {
        return exec_done(leftover, "in.mp4") && exec_done(onlooker, "in.mp4") &&
               exec_done(elsewhere, "in.mp4");
      },
      5s));

  // The root given with a detour still names the same folder.
  EXPECT_EQ(kill_orphaned_children("/usr/bin/ffmpeg", {dir.path() + "/data/./work"}), 1u);
  EXPECT_TRUE(wait_until([&] { return !leftover.running(); }, 5s));
  EXPECT_TRUE(onlooker.running());
  EXPECT_TRUE(elsewhere.running());
}

} // namespace
} // namespace cutqueue::app
