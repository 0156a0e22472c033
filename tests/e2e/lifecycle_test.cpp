// Task lifecycle through the real binary and a capcut-mate stand-in: exports that complete and
// play, failures with actionable messages, duplicates, re-exports, FIFO order, the concurrency
// limit and the queue limit.
#include "tests/e2e/e2e_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

namespace cutqueue::testing {
namespace {

using nlohmann::json;

constexpr const char* two_colors = "20261128000000two0col1";
constexpr const char* empty_draft = "20261128000000empty001";

class Lifecycle : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    drafts_ = new temp_dir{"cutqueue-drafts"};
    ASSERT_TRUE(
        write_color_draft(drafts_->path(), two_colors, {{"red", 1.0, 440}, {"blue", 1.0, 880}}));
    ASSERT_TRUE(write_color_draft(drafts_->path(), empty_draft, {}));
  }
  static void TearDownTestSuite() {
    delete drafts_;
    drafts_ = nullptr;
  }

  cutqueue_server start(std::vector<std::string> args = {}) {
    return cutqueue_server{data.path(), std::move(args)};
  }

  static temp_dir* drafts_;
  temp_dir data{"cutqueue-e2e"};
  temp_dir scratch{"cutqueue-scratch"};
  fixture_server drafts{{drafts_->path()}};
};

temp_dir* Lifecycle::drafts_ = nullptr;

TEST_F(Lifecycle, ExportCompletesWithAPlayableVideo) {
  auto srv = start();
  auto url = drafts.draft_url(two_colors);
  ASSERT_EQ(submit(srv, url).status, 200);
  auto j = wait_terminal(srv, url);
  ASSERT_EQ(j["status"], "completed") << j.dump();
  EXPECT_EQ(j["progress"], 100);
  EXPECT_EQ(j["error_message"], "");
  EXPECT_TRUE(j["started_at"].is_string());
  EXPECT_TRUE(j["completed_at"].is_string());
  auto video_url = j["video_url"].get<std::string>();
  ASSERT_EQ(video_url.rfind(srv.base_url() + "/outputs/", 0), 0u) << video_url;
  auto file = download(video_url, scratch.path());
  ASSERT_FALSE(file.empty());
  auto info = probe(file);
  ASSERT_TRUE(info);
  EXPECT_NEAR(info->duration, 2.0, 0.1);
  EXPECT_EQ(info->width, 320);
  EXPECT_EQ(info->height, 180);
  EXPECT_EQ(info->video_codec, "h264");
  EXPECT_EQ(info->pix_fmt, "yuv420p");
  EXPECT_EQ(info->audio_codec, "aac");
  auto first = sample_pixel(file, 0.5, 160, 90);
  auto second = sample_pixel(file, 1.5, 160, 90);
  ASSERT_TRUE(first && second);
  EXPECT_TRUE(near(*first, {255, 0, 0})) << first->r << "," << first->g << "," << first->b;
  EXPECT_TRUE(near(*second, {0, 0, 255})) << second->r << "," << second->g << "," << second->b;
  // Active count drops back to 0 once terminal.
  EXPECT_EQ(json::parse(http_get(srv.api("gen_video_active_count")).body)["count"], 0);
}

TEST_F(Lifecycle, WorkFoldersAreRemovedAfterEachExport) {
  auto srv = start();
  auto ok = drafts.draft_url(two_colors);
  auto bad = drafts.draft_url(two_colors, "file_status=404");
  ASSERT_EQ(submit(srv, ok).status, 200);
  ASSERT_EQ(submit(srv, bad).status, 200);
  EXPECT_EQ(wait_terminal(srv, ok)["status"], "completed");
  EXPECT_EQ(wait_terminal(srv, bad)["status"], "failed");
  auto work = data.path() + "/work";
  EXPECT_TRUE(std::filesystem::is_empty(work)) << "left behind in " << work;
  for (auto& entry : std::filesystem::directory_iterator(data.path() + "/outputs"))
    EXPECT_EQ(entry.path().extension(), ".mp4") << entry.path();
}

TEST_F(Lifecycle, DraftWithoutSegmentsFailsAsEmpty) {
  auto srv = start();
  auto url = drafts.draft_url(empty_draft);
  ASSERT_EQ(submit(srv, url).status, 200);
  auto j = wait_terminal(srv, url);
  EXPECT_EQ(j["status"], "failed") << j.dump();
  EXPECT_EQ(j["error_message"], "Draft content is empty");
}

TEST_F(Lifecycle, ExportTimeoutFailsTheTaskAndFreesTheSlot) {
  auto srv = start({"--export-timeout", "1", "--max-concurrent-exports", "1"});
  auto slow = drafts.draft_url(two_colors, "delay_ms=20000");
  ASSERT_EQ(submit(srv, slow).status, 200);
  auto j = wait_terminal(srv, slow, 15s);
  EXPECT_EQ(j["status"], "failed") << j.dump();
  EXPECT_EQ(j["error_message"], "Processing timeout");
  // The slot is free again: a next task gets processed (one that fails fast, so that the
  // 1 s limit cannot catch it too).
  auto next = drafts.draft_url("20991231000000deadbeef");
  ASSERT_EQ(submit(srv, next).status, 200);
  EXPECT_EQ(wait_terminal(srv, next, 30s)["error_message"], "Draft does not exist");
}

TEST_F(Lifecycle, RetentionRemovesOldTasksAndTheirVideos) {
  auto srv = start({"--retention", "2"});
  auto url = drafts.draft_url(two_colors);
  ASSERT_EQ(submit(srv, url).status, 200);
  auto j = wait_terminal(srv, url);
  ASSERT_EQ(j["status"], "completed");
  auto video_url = j["video_url"].get<std::string>();
  ASSERT_EQ(http_get(video_url).status, 200);
  EXPECT_TRUE(wait_until([&] { return query(srv, url).status == 404; }, 20s, 200ms));
  EXPECT_TRUE(wait_until([&] { return http_get(video_url).status == 404; }, 10s, 200ms));
}

TEST_F(Lifecycle, OutputsSupportByteRanges) {
  auto srv = start();
  auto url = drafts.draft_url(two_colors);
  ASSERT_EQ(submit(srv, url).status, 200);
  auto j = wait_terminal(srv, url);
  ASSERT_EQ(j["status"], "completed") << j.dump();
  auto video_url = j["video_url"].get<std::string>();
  auto full = http_get(video_url);
  ASSERT_EQ(full.status, 200);
  EXPECT_EQ(full.headers["accept-ranges"], "bytes");
  auto part = http_get(video_url, {"Range: bytes=10-19"});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, full.body.substr(10, 10));
  EXPECT_EQ(part.headers["content-range"], "bytes 10-19/" + std::to_string(full.body.size()));
  auto tail = http_get(video_url, {"Range: bytes=-4"});
  EXPECT_EQ(tail.status, 206);
  EXPECT_EQ(tail.body, full.body.substr(full.body.size() - 4));
  auto beyond = http_get(video_url, {"Range: bytes=" + std::to_string(full.body.size()) + "-"});
  EXPECT_EQ(beyond.status, 416);
}

TEST_F(Lifecycle, MissingDraftFailsWithDraftDoesNotExist) {
  auto srv = start();
  for (auto url :
       {drafts.draft_url("20991231000000deadbeef"), drafts.draft_url(two_colors, "status=404")}) {
    ASSERT_EQ(submit(srv, url).status, 200);
    auto j = wait_terminal(srv, url);
    EXPECT_EQ(j["status"], "failed") << j.dump();
    EXPECT_EQ(j["error_message"], "Draft does not exist");
    EXPECT_EQ(j["progress"], 0);
    EXPECT_EQ(j["video_url"], "");
    EXPECT_TRUE(j["completed_at"].is_string());
  }
}

TEST_F(Lifecycle, UnreachableMaterialNamesTheUrlAndReason) {
  auto srv = start();
  auto url = drafts.draft_url(two_colors, "file_status=403");
  ASSERT_EQ(submit(srv, url).status, 200);
  auto j = wait_terminal(srv, url);
  EXPECT_EQ(j["status"], "failed") << j.dump();
  auto msg = j["error_message"].get<std::string>();
  EXPECT_EQ(msg.rfind("Material inaccessible: http://127.0.0.1:", 0), 0u) << msg;
  EXPECT_NE(msg.find("(HTTP 403)"), std::string::npos) << msg;
}

TEST_F(Lifecycle, DuplicateSubmitWhileOngoingChangesNothing) {
  auto srv = start();
  auto url = drafts.draft_url(two_colors, "delay_ms=1500");
  ASSERT_EQ(submit(srv, url).status, 200);
  auto first = status_json(srv, url);
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(submit(srv, url).status, 200);
  auto again = status_json(srv, url);
  EXPECT_EQ(again["created_at"], first["created_at"]);
  EXPECT_EQ(json::parse(http_get(srv.api("gen_video_active_count")).body)["count"], 1);
  auto j = wait_terminal(srv, url);
  EXPECT_EQ(j["status"], "completed") << j.dump();
  EXPECT_EQ(j["created_at"], first["created_at"]);
  // Exactly one export ran: the draft description was fetched once.
  EXPECT_EQ(drafts.request_count("/openapi/capcut-mate/v1/get_draft"), 1);
}

TEST_F(Lifecycle, ConcurrentDuplicateSubmitsMakeOneTask) {
  auto srv = start();
  auto url = drafts.draft_url(two_colors, "delay_ms=500&race=1");
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] { ok += submit(srv, url).status == 200; });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(ok, 8);
  auto j = wait_terminal(srv, url);
  EXPECT_EQ(j["status"], "completed") << j.dump();
  EXPECT_EQ(drafts.request_count("/openapi/capcut-mate/v1/get_draft"), 1);
}

TEST_F(Lifecycle, ResubmitAfterTerminalStartsANewTask) {
  auto srv = start();
  auto url = drafts.draft_url(two_colors);
  ASSERT_EQ(submit(srv, url).status, 200);
  auto first = wait_terminal(srv, url);
  ASSERT_EQ(first["status"], "completed");
  ASSERT_EQ(submit(srv, url).status, 200);
  auto second = status_json(srv, url);
  EXPECT_NE(second["created_at"], first["created_at"]);
  EXPECT_TRUE(second["status"] == "pending" || second["status"] == "processing" ||
              second["status"] == "completed")
      << second.dump();
  auto done = wait_terminal(srv, url);
  EXPECT_EQ(done["status"], "completed");
  EXPECT_NE(done["video_url"], first["video_url"]);
  EXPECT_EQ(drafts.request_count("/openapi/capcut-mate/v1/get_draft"), 2);
}

TEST_F(Lifecycle, FifoOrderAndConcurrencyLimit) {
  auto srv = start({"--max-concurrent-exports", "1"});
  std::vector<std::string> urls;
  for (int i = 0; i < 3; ++i)
    urls.push_back(drafts.draft_url(two_colors, "delay_ms=700&n=" + std::to_string(i)));
  for (auto& u : urls)
    ASSERT_EQ(submit(srv, u).status, 200);
  // While the first works, the others really wait: pending, progress 0, no started_at.
  ASSERT_TRUE(wait_status(srv, urls[0], "processing"));
  for (int i = 1; i < 3; ++i) {
    auto j = status_json(srv, urls[i]);
    EXPECT_EQ(j["status"], "pending") << j.dump();
    EXPECT_EQ(j["progress"], 0);
    EXPECT_TRUE(j["started_at"].is_null());
  }
  EXPECT_EQ(json::parse(http_get(srv.api("gen_video_active_count")).body)["count"], 3);
  std::vector<json> done;
  for (auto& u : urls) {
    auto j = wait_terminal(srv, u);
    ASSERT_EQ(j["status"], "completed") << j.dump();
    done.push_back(j);
  }
  // FIFO, one at a time: each started after the previous one finished (same-millisecond
  // hand-over allowed; ISO 8601 strings of one format compare like times).
  std::vector<std::string> started;
  for (size_t i = 0; i < done.size(); ++i) {
    started.push_back(done[i]["started_at"]);
    if (i > 0) {
      EXPECT_LE(done[i - 1]["completed_at"].get<std::string>(), started[i]);
    }
  }
  EXPECT_LT(started[0], started[1]);
  EXPECT_LT(started[1], started[2]);
}

TEST_F(Lifecycle, FullQueueAnswers503) {
  auto srv = start({"--max-concurrent-exports", "1", "--max-queued", "2"});
  auto url = [&](int i) {
    return drafts.draft_url(two_colors, "delay_ms=3000&q=" + std::to_string(i));
  };
  ASSERT_EQ(submit(srv, url(0)).status, 200);
  ASSERT_TRUE(wait_status(srv, url(0), "processing"));
  ASSERT_EQ(submit(srv, url(1)).status, 200);
  ASSERT_EQ(submit(srv, url(2)).status, 200);
  auto r = submit(srv, url(3));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(json::parse(r.body), json({{"detail", "Service busy"}}));
  EXPECT_EQ(query(srv, url(3)).status, 404);
  // Joining an ongoing task is not a new one: still 200 when full.
  EXPECT_EQ(submit(srv, url(1)).status, 200);
}

TEST_F(Lifecycle, ProgressRisesMonotonically) {
  auto srv = start();
  auto url = drafts.draft_url(two_colors, "rate=40000");
  ASSERT_EQ(submit(srv, url).status, 200);
  std::vector<int> seen;
  std::string status;
  wait_until(
      [&] {
        auto j = status_json(srv, url);
        status = j.value("status", "");
        if (status == "processing" || status == "completed")
          seen.push_back(j.value("progress", -1));
        return status == "completed" || status == "failed";
      },
      120s, 20ms);
  ASSERT_EQ(status, "completed");
  ASSERT_GE(seen.size(), 3u);
  for (size_t i = 1; i < seen.size(); ++i)
    EXPECT_LE(seen[i - 1], seen[i]);
  EXPECT_EQ(seen.back(), 100);
  std::set<int> distinct(seen.begin(), seen.end());
  EXPECT_GE(distinct.size(), 3u) << "progress should move through its phases";
}

} // namespace
} // namespace cutqueue::testing
