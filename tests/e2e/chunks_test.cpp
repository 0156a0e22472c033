// Long exports in chunks through the real service: a kill -9 mid-export costs only the chunks
// that were not finished (the restarted service keeps the others, by their durable records),
// and an export with idle slots renders chunks on them at once, yet gives a slot back to the
// next queued task as soon as its chunk ends.
#include "tests/e2e/e2e_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <regex>
#include <set>

namespace cutqueue::testing {
namespace {

using nlohmann::json;

constexpr const char* long_id = "20261130000000chunk0long";
constexpr const char* short_id = "20261130000000chunk0short";

const std::vector<color_clip> long_clips = {
    {"red", 2, 440}, {"lime", 2, 550}, {"blue", 2, 660}, {"yellow", 2, 770}, {"magenta", 2, 880}};

class ChunksE2e : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    drafts_ = new temp_dir{"cutqueue-drafts"};
    // 10 s at 640x360: each 1 s chunk takes a noticeable moment with one FFmpeg thread.
    ASSERT_TRUE(write_color_draft(drafts_->path(), long_id, long_clips, 640, 360));
    ASSERT_TRUE(write_color_draft(drafts_->path(), short_id, {{"cyan", 0.8, 440}}));
  }
  static void TearDownTestSuite() {
    delete drafts_;
    drafts_ = nullptr;
  }

  /// The names of the chunks a log says were finished ("done") or kept.
  static std::set<std::string> chunks(const std::string& log, const std::string& what) {
    std::set<std::string> out;
    std::regex re("render: chunk ([av][0-9]{4}) \\([^)]*\\) " + what);
    for (std::sregex_iterator it(log.begin(), log.end(), re), end; it != end; ++it)
      out.insert((*it)[1].str());
    return out;
  }

  static temp_dir* drafts_;
  temp_dir data{"cutqueue-e2e"};
  fixture_server drafts{{drafts_->path()}};
};

temp_dir* ChunksE2e::drafts_ = nullptr;

TEST_F(ChunksE2e, AKillMidExportCostsOnlyTheChunksThatWereNotFinished) {
  cutqueue_server srv{
      data.path(),
      {"--chunk-seconds", "1", "--render-threads", "1", "--max-concurrent-exports", "1"}};
  const std::string url = drafts.draft_url(long_id);
  ASSERT_EQ(submit(srv, url).status, 200);
  // Kill once a few chunks are durable, while the export is still running.
  ASSERT_TRUE(wait_until([&] { return chunks(srv.log_text(), "done").size() >= 4; }, 120s))
      << srv.log_text();
  srv.process().signal(SIGKILL);
  ASSERT_TRUE(srv.process().wait(10s));
  const std::string before = srv.log_text();
  const std::set<std::string> finished = chunks(before, "done");
  ASSERT_LT(finished.size(), 20u) << "the export was still running when killed";

  srv.restart();
  const json done = wait_terminal(srv, url, 180s);
  ASSERT_EQ(done["status"], "completed") << done.dump();
  const std::string after = srv.log_text().substr(before.size());
  EXPECT_EQ(chunks(after, "kept from an earlier attempt"), finished)
      << "every chunk finished before the kill is kept, and only those";
  // The others (of ten picture and ten sound chunks) render in the new attempt, the kept ones not.
  const std::set<std::string> rerendered = chunks(after, "started on local");
  EXPECT_EQ(rerendered.size() + finished.size(), 20u) << after;
  for (const auto& name : finished)
    EXPECT_EQ(rerendered.count(name), 0u) << name << " rendered again";

  // The video is the whole draft: every clip in its place, the sound throughout.
  temp_dir out{"cutqueue-video"};
  const std::string video = download(done["video_url"], out.path());
  ASSERT_FALSE(video.empty());
  auto info = probe(video);
  ASSERT_TRUE(info);
  EXPECT_NEAR(info->duration, 10.0, 0.1);
  const std::vector<rgb> colours = {
      {255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 0}, {255, 0, 255}};
  for (size_t i = 0; i < colours.size(); ++i)
    for (double at : {0.1, 1.0, 1.9}) {
      auto px = sample_pixel(video, 2.0 * i + at, 320, 180);
      ASSERT_TRUE(px);
      EXPECT_TRUE(near(*px, colours[i])) << "clip " << i << " at +" << at << " s";
    }
  for (double t : {0.5, 3.0, 5.5, 8.0, 9.5}) {
    auto db = audio_rms_db(video, t, t + 0.3);
    ASSERT_TRUE(db);
    EXPECT_GT(*db, -30) << "sound at " << t << " s";
  }
  // The kept chunks went with the task.
  EXPECT_TRUE(std::filesystem::is_empty(data.path() + "/chunks"));
}

TEST_F(ChunksE2e, IdleSlotsRenderChunksAtOnceAndTheNextTaskGetsOneAfterAChunk) {
  cutqueue_server srv{
      data.path(),
      {"--chunk-seconds", "1", "--render-threads", "1", "--max-concurrent-exports", "2"}};
  const std::string long_url = drafts.draft_url(long_id);
  ASSERT_EQ(submit(srv, long_url).status, 200);
  // The second slot is idle: the export borrows it, two chunks run at once.
  ASSERT_TRUE(wait_until(
      [&] {
        auto m = http_get(srv.base_url() + "/metrics");
        return m.body.find("cutqueue_chunks_in_flight 2") != std::string::npos;
      },
      60s, 20ms))
      << srv.log_text();
  // A task queued now waits for a slot at most until the lent one's chunk ends.
  const std::string short_url = drafts.draft_url(short_id);
  ASSERT_EQ(submit(srv, short_url).status, 200);
  ASSERT_TRUE(wait_status(srv, short_url, "processing", 30s));
  EXPECT_EQ(status_json(srv, long_url)["status"], "processing")
      << "the short task started while the long one was still running";
  EXPECT_EQ(wait_terminal(srv, short_url)["status"], "completed");
  EXPECT_EQ(wait_terminal(srv, long_url, 180s)["status"], "completed");
  // No chunk is left in flight, and every slot works again: two short tasks run at once.
  auto m = http_get(srv.base_url() + "/metrics").body;
  EXPECT_NE(m.find("cutqueue_chunks_in_flight 0"), std::string::npos) << m;
  EXPECT_NE(m.find("cutqueue_chunks_total{outcome=\"rendered\"} 20"), std::string::npos) << m;
  const std::string again = drafts.draft_url(short_id, "delay_ms=1500"),
                    other = drafts.draft_url(short_id, "delay_ms=1500&copy=2");
  ASSERT_EQ(submit(srv, again).status, 200);
  ASSERT_EQ(submit(srv, other).status, 200);
  EXPECT_TRUE(wait_until(
      [&] {
        return status_json(srv, again)["status"] == "processing" &&
               status_json(srv, other)["status"] == "processing";
      },
      10s))
      << "both slots take a task";
  EXPECT_EQ(wait_terminal(srv, again)["status"], "completed");
  EXPECT_EQ(wait_terminal(srv, other)["status"], "completed");
}

} // namespace
} // namespace cutqueue::testing
