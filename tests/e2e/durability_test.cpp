// What survives a crash or a stop: kill -9 during processing and right after acceptance, a
// graceful SIGTERM, exhausted attempts, and a second server on the same data folder.
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

constexpr const char* draft_id = "20261128000000dur0abl1";

class Durability : public ::testing::Test {
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
  temp_dir data{"cutqueue-e2e"};
  fixture_server drafts{{drafts_->path()}};
};

temp_dir* Durability::drafts_ = nullptr;

TEST_F(Durability, KillDuringProcessingThenRestartCompletesWithCreatedAtKept) {
  cutqueue_server srv{data.path()};
  // Slow downloads keep the task in processing long enough to kill the server under it.
  auto url = drafts.draft_url(draft_id, "delay_ms=4000");
  ASSERT_EQ(submit(srv, url).status, 200);
  ASSERT_TRUE(wait_status(srv, url, "processing"));
  // Kill in the middle of the (slow) downloads, after the draft description was fetched.
  ASSERT_TRUE(wait_until(
      [&] { return drafts.request_count("/openapi/capcut-mate/v1/get_draft") >= 1; }, 20s));
  auto before = status_json(srv, url);
  srv.process().signal(SIGKILL);
  ASSERT_TRUE(srv.process().wait(10s));
  srv.restart();
  auto after = status_json(srv, url);
  ASSERT_TRUE(after.is_object());
  EXPECT_EQ(after["created_at"], before["created_at"]);
  auto done = wait_terminal(srv, url);
  EXPECT_EQ(done["status"], "completed") << done.dump();
  EXPECT_EQ(done["created_at"], before["created_at"]);
  EXPECT_NE(done["started_at"], before["started_at"]);
  EXPECT_NE(srv.log_text().find("attempt 2"), std::string::npos);
  // The re-run fetched the draft again.
  EXPECT_EQ(drafts.request_count("/openapi/capcut-mate/v1/get_draft"), 2);
}

TEST_F(Durability, KillLeavesNoFfmpegRunningOnceRestarted) {
  slow_ffmpeg slow;
  cutqueue_server srv{data.path(), {}, true, {{"PATH", slow.path_variable()}}};
  srv.set_env({}); // the restarted server gets the real ffmpeg
  auto url = drafts.draft_url(draft_id);
  ASSERT_EQ(submit(srv, url).status, 200);
  pid_t ffmpeg = 0;
  ASSERT_TRUE(
      wait_until([&] { return (ffmpeg = ffmpeg_using(data.path() + "/work/")) != 0; }, 30s));
  srv.process().signal(SIGKILL);
  ASSERT_TRUE(srv.process().wait(10s));
  // Its own process group kept it out of the kill: this is the leftover to clean up.
  ASSERT_TRUE(process_alive(ffmpeg));
  srv.restart();
  EXPECT_TRUE(wait_until([&] { return !process_alive(ffmpeg); }, 5s)) << "pid " << ffmpeg;
  if (process_alive(ffmpeg))
    ::kill(ffmpeg, SIGKILL);
  EXPECT_NE(srv.log_text().find("killed pid " + std::to_string(ffmpeg)), std::string::npos);
  auto done = wait_terminal(srv, url);
  EXPECT_EQ(done["status"], "completed") << done.dump();
}

TEST_F(Durability, AcceptedTasksSurviveKillRightAfterTheResponse) {
  cutqueue_server srv{data.path(), {"--max-concurrent-exports", "1"}};
  std::vector<std::string> urls;
  for (int i = 0; i < 5; ++i) {
    urls.push_back(drafts.draft_url(draft_id, "delay_ms=2000&k=" + std::to_string(i)));
    ASSERT_EQ(submit(srv, urls.back()).status, 200);
  }
  std::vector<json> before;
  for (auto& u : urls)
    before.push_back(status_json(srv, u));
  srv.process().signal(SIGKILL);
  ASSERT_TRUE(srv.process().wait(10s));
  srv.restart();
  EXPECT_EQ(json::parse(http_get(srv.api("gen_video_active_count")).body)["count"], 5);
  for (size_t i = 0; i < urls.size(); ++i) {
    auto j = status_json(srv, urls[i]);
    ASSERT_TRUE(j.is_object()) << urls[i];
    EXPECT_EQ(j["created_at"], before[i]["created_at"]);
  }
  // Original order is kept after recovery: each starts after the previous one.
  std::string prev;
  for (auto& u : urls) {
    auto j = wait_terminal(srv, u, 180s);
    ASSERT_EQ(j["status"], "completed") << j.dump();
    EXPECT_LT(prev, j["started_at"].get<std::string>());
    prev = j["started_at"];
  }
}

TEST_F(Durability, SigtermStopsWithinTenSecondsAndTheTaskResumes) {
  cutqueue_server srv{data.path()};
  auto url = drafts.draft_url(draft_id, "delay_ms=5000");
  ASSERT_EQ(submit(srv, url).status, 200);
  ASSERT_TRUE(wait_status(srv, url, "processing"));
  auto before = status_json(srv, url);
  auto t0 = std::chrono::steady_clock::now();
  srv.process().signal(SIGTERM);
  auto code = srv.process().wait(10s);
  ASSERT_TRUE(code) << "still running 10 s after SIGTERM";
  EXPECT_EQ(*code, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 10s);
  srv.restart();
  auto j = status_json(srv, url);
  EXPECT_EQ(j["created_at"], before["created_at"]);
  auto done = wait_terminal(srv, url);
  EXPECT_EQ(done["status"], "completed") << done.dump();
}

// SIGTERM while the task's `processing` write is still in flight used to let the export start
// after the shutdown had been answered, uncancelled: the process then hung until the export
// ended. The window is a few milliseconds after the submit, so a few rounds try to hit it.
TEST_F(Durability, SigtermRightAfterSubmitStillStopsAndKeepsTheAttempt) {
  for (int round = 0; round < 5; ++round) {
    cutqueue_server srv{data.path()};
    auto url = drafts.draft_url(draft_id, "delay_ms=600000&round=" + std::to_string(round));
    ASSERT_EQ(submit(srv, url).status, 200);
    srv.process().signal(SIGTERM);
    auto code = srv.process().wait(10s);
    ASSERT_TRUE(code) << "round " << round << ": still running 10 s after SIGTERM\n"
                      << srv.log_text();
    EXPECT_EQ(*code, 0);
    srv.restart();
    auto j = status_json(srv, url);
    EXPECT_TRUE(j.is_object() && (j["status"] == "pending" || j["status"] == "processing"))
        << j.dump();
    srv.process().signal(SIGTERM);
    ASSERT_TRUE(srv.process().wait(10s)) << "round " << round << " (after restart)";
  }
  // The stopped attempts did not count: none of the restarts reported an interrupted attempt.
  cutqueue_server srv{data.path()};
  EXPECT_EQ(srv.log_text().find("interrupted attempt"), std::string::npos) << srv.log_text();
}

TEST_F(Durability, InterruptedTooOftenFailsWithAClearMessage) {
  cutqueue_server srv{data.path(), {"--max-attempts", "2"}};
  auto url = drafts.draft_url(draft_id, "delay_ms=8000");
  ASSERT_EQ(submit(srv, url).status, 200);
  for (int attempt = 1; attempt <= 2; ++attempt) {
    ASSERT_TRUE(wait_status(srv, url, "processing")) << "attempt " << attempt;
    srv.process().signal(SIGKILL);
    ASSERT_TRUE(srv.process().wait(10s));
    srv.restart();
  }
  auto j = status_json(srv, url);
  EXPECT_EQ(j["status"], "failed") << j.dump();
  EXPECT_EQ(j["error_message"], "Export interrupted 2 times");
  EXPECT_EQ(j["progress"], 0);
}

TEST_F(Durability, SecondServerOnTheSameDataFolderRefusesToStart) {
  cutqueue_server first{data.path()};
  child_process second{{CUTQUEUE_BINARY, "serve", "--port", "0", "--data-dir", data.path()},
                       {},
                       data.path() + "/second.log"};
  auto code = second.wait(20s);
  ASSERT_TRUE(code) << "second server did not exit";
  EXPECT_NE(*code, 0);
  std::ifstream in(data.path() + "/second.log");
  std::string log((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(log.find("already in use"), std::string::npos) << log;
  EXPECT_EQ(http_get(first.base_url() + "/healthz").status, 200);
}

} // namespace
} // namespace cutqueue::testing
