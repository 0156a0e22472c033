#include "common/subprocess.hpp"
#include "render/ffmpeg_runner.hpp"
#include "tests/render/render_test_util.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <signal.h>
#include <thread>

namespace cutqueue::render {
namespace {

std::vector<std::string> endless_encode(const std::string& out) {
  // A source that never ends: only the cancel token stops this.
  return {"ffmpeg", "-nostdin",  "-y",      "-loglevel", "error",
          "-re",    "-f",        "lavfi",   "-i",        "testsrc2=s=320x240:r=25",
          "-c:v",   "libx264",   "-preset", "ultrafast", "-f",
          "mp4",    "-progress", "pipe:1",  "-nostats",  out};
}

TEST(FfmpegRunner, ProgressRisesAndExitIsZero) {
  test::scratch_dir dir;
  std::vector<int64_t> seen;
  cancel_token never;
  // -re paces the source at real time, so 1 s of output yields several progress blocks.
  auto o = run_ffmpeg({"ffmpeg", "-nostdin",  "-y",      "-loglevel", "error",
                       "-re",    "-f",        "lavfi",   "-i",        "testsrc2=s=320x240:r=25:d=1",
                       "-c:v",   "libx264",   "-preset", "ultrafast", "-stats_period",
                       "0.1",    "-progress", "pipe:1",  "-nostats",  dir / "p.mp4"},
                      never, [&](int64_t us) { seen.push_back(us); });
  ASSERT_TRUE(o.ok()) << o.stderr_tail << o.error;
  ASSERT_GE(seen.size(), 3u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_LT(seen.front(), seen.back());
  EXPECT_NEAR(static_cast<double>(seen.back()), 1e6, 0.2e6);
}

TEST(FfmpegRunner, CancelKillsPromptly) {
  test::scratch_dir dir;
  cancel_token token;
  std::atomic<int> progress_calls{0};
  auto started = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point cancelled_at;
  // Cancel from the progress callback once output is being written: no sleeps, no races.
  auto o = run_ffmpeg(endless_encode(dir / "c.mp4"), token, [&](int64_t us) {
    ++progress_calls;
    if (us > 200000 && !token.cancelled()) {
      cancelled_at = std::chrono::steady_clock::now();
      token.cancel(cancel_reason::shutdown);
    }
  });
  auto done = std::chrono::steady_clock::now();
  EXPECT_TRUE(o.cancelled);
  EXPECT_FALSE(o.ok());
  EXPECT_EQ(o.exit_code, 128 + SIGKILL);
  EXPECT_GT(progress_calls.load(), 0);
  EXPECT_LT(done - cancelled_at, std::chrono::seconds(2));
  EXPECT_LT(done - started, std::chrono::seconds(30));
}

TEST(FfmpegRunner, CancelFromAnotherThread) {
  test::scratch_dir dir;
  cancel_token token;
  std::atomic<bool> running{false};
  std::thread canceller([&] {
    // Waits for the first progress line, then cancels; the runner must notice within its poll.
    while (!running.load())
      std::this_thread::yield();
    token.cancel(cancel_reason::timeout);
  });
  auto o = run_ffmpeg(endless_encode(dir / "t.mp4"), token, [&](int64_t) { running = true; });
  canceller.join();
  EXPECT_TRUE(o.cancelled);
  EXPECT_EQ(token.reason(), cancel_reason::timeout);
}

/// A stand-in for FFmpeg that prints progress lines from a shell loop.
std::vector<std::string> shell(const std::string& script) {
  return {"/bin/sh", "-c", script};
}

/// A one-second limit; `end_us` 0 watches nothing.
ffmpeg_watch watch_for(int64_t end_us) {
  return {end_us, std::chrono::seconds(1)};
}

TEST(FfmpegRunner, OutputThatStandsStillIsStopped) {
  // What FFmpeg 5.1 does on a graph it cannot advance: it keeps reporting the same time.
  cancel_token never;
  const auto t0 = std::chrono::steady_clock::now();
  auto o = run_ffmpeg(shell("echo out_time_us=N/A; while :; do echo out_time_us=340000; "
                            "echo progress=continue; sleep 0.05; done"),
                      never, {}, watch_for(7000000));
  EXPECT_TRUE(o.stalled);
  EXPECT_FALSE(o.ok());
  EXPECT_FALSE(o.cancelled);
  EXPECT_EQ(o.exit_code, 128 + SIGKILL);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
  EXPECT_EQ(ffmpeg_failure_text(o), "Video rendering failed: FFmpeg stopped making progress "
                                    "(output stuck at 0.34 s of 7 s for 1 s) and was stopped");
}

TEST(FfmpegRunner, OutputThatKeepsGrowingOrIsFinishingIsLetRun) {
  cancel_token never;
  // Slower than the limit overall, but the time moves between checks.
  auto growing = run_ffmpeg(
      shell("i=0; while [ $i -lt 8 ]; do i=$((i+1)); echo out_time_us=${i}00000; sleep 0.3; done"),
      never, {}, watch_for(7000000));
  EXPECT_TRUE(growing.ok()) << growing.error;
  // Within a second of the end it may stand still: flushing, the trailer, the faststart rewrite.
  auto finishing = run_ffmpeg(shell("echo out_time_us=6200000; sleep 2; echo progress=end"), never,
                              {}, watch_for(7000000));
  EXPECT_TRUE(finishing.ok()) << finishing.error;
  // Unwatched (no end given): never stopped for standing still.
  auto unwatched = run_ffmpeg(shell("echo out_time_us=0; sleep 2"), never, {}, watch_for(0));
  EXPECT_TRUE(unwatched.ok()) << unwatched.error;
}

TEST(FfmpegRunner, FailureKeepsStderrTail) {
  cancel_token never;
  auto o = run_ffmpeg(
      {"ffmpeg", "-nostdin", "-loglevel", "error", "-i", "/nonexistent/x.mp4", "-f", "null", "-"},
      never, {});
  EXPECT_TRUE(o.started);
  EXPECT_NE(o.exit_code, 0);
  EXPECT_NE(ffmpeg_error_reason(o).find("No such file"), std::string::npos) << o.stderr_tail;
}

TEST(FfmpegRunner, MissingBinaryIsAnError) {
  cancel_token never;
  auto o = run_ffmpeg({"/nonexistent/ffmpeg"}, never, {});
  EXPECT_FALSE(o.started);
  EXPECT_FALSE(o.error.empty());
}

TEST(Subprocess, StderrTailIsBounded) {
  process_options opt;
  opt.stderr_tail_bytes = 100;
  auto r = run_process({"sh", "-c",
                        "i=0; while [ $i -lt 500 ]; do echo line$i >&2; "
                        "i=$((i+1)); done; echo out"},
                       opt);
  ASSERT_TRUE(r.ok());
  EXPECT_LE(r.stderr_tail.size(), 100u);
  EXPECT_NE(r.stderr_tail.find("line499"), std::string::npos);
  EXPECT_EQ(r.out, "out\n");
}

TEST(Subprocess, TimeoutKillsWholeGroup) {
  process_options opt;
  opt.timeout = std::chrono::milliseconds(200);
  // The grandchild keeps stdout open; only a process-group kill ends the read loop.
  auto r = run_process({"sh", "-c", "sleep 30 & sleep 30"}, opt);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.exit_code, 128 + SIGKILL);
}

} // namespace
} // namespace cutqueue::render
