// gen_video_cancel through the real binary: a pending task fails "Cancelled" without starting, a
// processing one has its FFmpeg killed and fails within 2 s, a finished one answers 409, and
// the cancelled state is durable across a kill -9 and restart.
#include "tests/e2e/e2e_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace cutqueue::testing {
namespace {

using nlohmann::json;

constexpr const char* draft_id = "20261129000000cancel01";

http_response cancel(const cutqueue_server& srv, const std::string& url,
                     std::vector<std::string> headers = {}) {
  headers.push_back("Content-Type: application/json");
  return http_request("POST", srv.api("gen_video_cancel"), json{{"draft_url", url}}.dump(),
                      headers);
}

class CancelE2e : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    drafts_ = new temp_dir{"cutqueue-drafts"};
    ASSERT_TRUE(write_color_draft(drafts_->path(), draft_id, {{"green", 1.0, 660}}));
  }
  static void TearDownTestSuite() {
    delete drafts_;
    drafts_ = nullptr;
  }

  static temp_dir* drafts_;
  temp_dir data{"cutqueue-cancel"};
  fixture_server drafts{{drafts_->path()}};
};

temp_dir* CancelE2e::drafts_ = nullptr;

TEST_F(CancelE2e, PendingTaskFailsAsCancelledWithoutStarting) {
  cutqueue_server srv{data.path(), {"--max-concurrent-exports", "1"}};
  auto busy = drafts.draft_url(draft_id, "delay_ms=2000&q=1");
  auto waiting = drafts.draft_url(draft_id, "q=2");
  ASSERT_EQ(submit(srv, busy).status, 200);
  ASSERT_TRUE(wait_status(srv, busy, "processing"));
  ASSERT_EQ(submit(srv, waiting).status, 200);
  ASSERT_EQ(status_json(srv, waiting)["status"], "pending");

  auto r = cancel(srv, waiting);
  ASSERT_EQ(r.status, 200) << r.body;
  auto answer = json::parse(r.body);
  EXPECT_EQ(answer["status"], "failed");
  EXPECT_EQ(answer["error_message"], "Cancelled");
  EXPECT_EQ(answer["progress"], 0);
  EXPECT_TRUE(answer["started_at"].is_null());
  EXPECT_TRUE(answer["completed_at"].is_string());
  EXPECT_EQ(status_json(srv, waiting), answer);
  EXPECT_EQ(json::parse(http_get(srv.api("gen_video_active_count")).body)["count"], 1);

  // The slot goes on with the other task; the cancelled one never starts.
  EXPECT_EQ(wait_terminal(srv, busy)["status"], "completed");
  EXPECT_EQ(status_json(srv, waiting), answer);
  // Submitting again after a cancel is a new export, like after any failure.
  ASSERT_EQ(submit(srv, waiting).status, 200);
  EXPECT_EQ(wait_terminal(srv, waiting)["status"], "completed");
}

TEST_F(CancelE2e, ProcessingTaskHasItsFfmpegKilledWithinTwoSeconds) {
  slow_ffmpeg slow;
  cutqueue_server srv{
      data.path(), {"--max-concurrent-exports", "1"}, true, {{"PATH", slow.path_variable()}}};
  auto url = drafts.draft_url(draft_id);
  auto next = drafts.draft_url(draft_id, "q=next");
  ASSERT_EQ(submit(srv, url).status, 200);
  pid_t ffmpeg = 0;
  ASSERT_TRUE(
      wait_until([&] { return (ffmpeg = ffmpeg_using(data.path() + "/work/")) != 0; }, 30s));
  ASSERT_EQ(submit(srv, next).status, 200); // waits for the only slot

  auto asked = std::chrono::steady_clock::now();
  auto r = cancel(srv, url);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["error_message"], "Cancelled");
  EXPECT_TRUE(wait_until([&] { return !process_alive(ffmpeg); }, 2s)) << "ffmpeg pid " << ffmpeg;
  auto j = status_json(srv, url);
  EXPECT_EQ(j["status"], "failed");
  EXPECT_EQ(j["error_message"], "Cancelled");
  EXPECT_TRUE(j["started_at"].is_string());
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 2s);
  if (process_alive(ffmpeg))
    ::kill(ffmpeg, SIGKILL);
  // The slot is free again: the next task starts.
  EXPECT_TRUE(wait_status(srv, next, "processing", 10s));
}

TEST_F(CancelE2e, FinishedTasksAnswer409AndUnknownOnes404InBothStyles) {
  cutqueue_server srv{data.path()};
  auto url = drafts.draft_url(draft_id);
  auto r = cancel(srv, url);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(detail(r), "Video generation task not found");
  r = cancel(srv, url, {"X-Response-Style: capcut-mate"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body), json({{"code", 2031}, {"message", "视频生成任务未找到"}}));

  ASSERT_EQ(submit(srv, url).status, 200);
  ASSERT_EQ(wait_terminal(srv, url)["status"], "completed");
  r = cancel(srv, url);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(detail(r), "Task already finished");
  r = cancel(srv, url, {"X-Response-Style: capcut-mate", "Accept-Language: en"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body), json({{"code", 2902}, {"message", "Task already finished"}}));
  // The completed task is untouched.
  EXPECT_EQ(status_json(srv, url)["status"], "completed");

  r = http_request("POST", srv.api("gen_video_cancel"), "{}", {"Content-Type: application/json"});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(detail(r), "draft_url is required");
  r = http_request("POST", srv.api("gen_video_cancel"), R"({"draft_url": "http://h/x"})",
                   {"Content-Type: application/json"});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(detail(r), "Invalid draft URL");
}

TEST_F(CancelE2e, CancelIsDurableAcrossAKillAndRestart) {
  cutqueue_server srv{data.path(), {"--max-concurrent-exports", "1"}};
  auto busy = drafts.draft_url(draft_id, "delay_ms=3000&q=1");
  auto waiting = drafts.draft_url(draft_id, "q=2");
  ASSERT_EQ(submit(srv, busy).status, 200);
  ASSERT_TRUE(wait_status(srv, busy, "processing"));
  ASSERT_EQ(submit(srv, waiting).status, 200);
  auto cancelled = json::parse(cancel(srv, waiting).body);
  ASSERT_EQ(cancelled["error_message"], "Cancelled");
  auto r = cancel(srv, busy);
  ASSERT_EQ(r.status, 200);
  auto cancelled_busy = json::parse(r.body);

  srv.process().signal(SIGKILL);
  ASSERT_TRUE(srv.process().wait(10s));
  srv.restart();
  EXPECT_EQ(status_json(srv, waiting), cancelled);
  EXPECT_EQ(status_json(srv, busy), cancelled_busy);
  EXPECT_EQ(json::parse(http_get(srv.api("gen_video_active_count")).body)["count"], 0);
  EXPECT_EQ(cancel(srv, waiting).status, 409);
}

} // namespace
} // namespace cutqueue::testing
