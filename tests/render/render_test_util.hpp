// Helpers for the render tests: a local render (no HTTP) through render_draft, on top of the
// shared test files helpers.
#pragma once

#include "common/cancel_token.hpp"
#include "draft/parser.hpp"
#include "render/draft_renderer.hpp"
#include "tests/support/test_files.hpp"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace cutqueue::render::test {

using namespace cutqueue::test;
namespace fs = std::filesystem;

struct local_render {
  render_outcome outcome;
  std::string output;
  std::vector<double> progress;
  double seconds = 0; ///< wall time of render_draft
};

/// Renders `d` into dir/out.mp4, resolving material paths with `map_path` (identity when
/// empty) and checking the file exists. `adjust` may change the settings first.
inline local_render render_local(const draft::document& d, const scratch_dir& dir,
                                 std::function<std::string(const std::string&)> map_path = {},
                                 std::function<void(render_settings&)> adjust = {}) {
  local_render r;
  render_settings s;
  s.x264_preset = "ultrafast";
  s.work_dir = dir.path() + "/work";
  fs::create_directories(s.work_dir);
  s.output_path = dir.path() + "/out.mp4";
  if (adjust)
    adjust(s);
  r.output = s.output_path;
  auto resolve = [&](const std::string& p, std::string& local, std::string& err) {
    local = map_path ? map_path(p) : p;
    if (!fs::exists(local)) {
      err = "Material inaccessible: " + p + " (missing)";
      return false;
    }
    return true;
  };
  // A render that stalls (FFmpeg idling on a graph that never yields a frame) is cancelled
  // after two minutes, so the test fails with a timeout instead of hanging the suite.
  cancel_token watchdog;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::thread timer([&] {
    std::unique_lock<std::mutex> lk(mu);
    if (!cv.wait_for(lk, std::chrono::minutes(2), [&] { return done; }))
      watchdog.cancel(cancel_reason::timeout);
  });
  auto t0 = std::chrono::steady_clock::now();
  r.outcome = render_draft(
      d, resolve, s, [&](double f) { r.progress.push_back(f); }, watchdog);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  {
    std::lock_guard<std::mutex> lk(mu);
    done = true;
  }
  cv.notify_one();
  timer.join();
  EXPECT_FALSE(watchdog.cancelled()) << "the render did not finish within two minutes";
  std::error_code ec;
  const char* keep = std::getenv("CUTQUEUE_KEEP_RENDERS"); // debugging aid: keep the MP4
  if (keep && r.outcome.ok)
    fs::copy_file(r.output,
                  std::string(keep) + "/" +
                      ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".mp4",
                  fs::copy_options::overwrite_existing, ec);
  if (keep)
    fs::copy_file(s.work_dir + "/filter_graph.txt",
                  std::string(keep) + "/" +
                      ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".graph",
                  fs::copy_options::overwrite_existing, ec);
  return r;
}

} // namespace cutqueue::render::test
