// A long export in chunks on a cluster: idle worker slots render chunks for the export running
// on the coordinator (each fetches the draft itself and uploads its chunk), and a worker killed
// in the middle of a chunk costs only that chunk, which renders elsewhere. An export a worker
// runs on its own slot sends each finished chunk to the coordinator, so losing that worker
// costs only the chunk it was rendering: the next attempt, on another node, fetches the rest.
#include "common/files.hpp"
#include "tests/cluster/cluster_support.hpp"
#include "tests/support/drafts.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <regex>

namespace cutqueue::testing {
namespace {

using nlohmann::json;

constexpr const char* long_draft = "20261130000000clchunks1";

/// Chunk name -> how many times the coordinator's log says it was `what` ("done", "failed")
/// on a node whose name matches `node`.
std::map<std::string, int> chunk_lines(const std::string& log, const std::string& what,
                                       const std::string& node = "[a-z0-9-]+") {
  std::map<std::string, int> out;
  std::regex re("render: chunk ([av][0-9]{4}) \\([^)]*\\) " + what + " on (" + node + ")");
  for (std::sregex_iterator it(log.begin(), log.end(), re), end; it != end; ++it)
    ++out[(*it)[1].str()];
  return out;
}

/// The finished video of `long_draft`: 8 s with sound, its four clips' colours through each.
void expect_the_long_draft(const json& done) {
  temp_dir out{"cqchunks-video"};
  auto video = http_get(done["video_url"].get<std::string>());
  ASSERT_EQ(video.status, 200);
  const std::string file = out.path() + "/v.mp4";
  ASSERT_TRUE(cutqueue::write_file(file, video.body));
  auto info = probe(file);
  ASSERT_TRUE(info);
  EXPECT_NEAR(info->duration, 8.0, 0.1);
  EXPECT_TRUE(info->has_audio);
  const std::vector<rgb> colours = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 0}};
  for (size_t i = 0; i < colours.size(); ++i)
    for (double at : {0.1, 1.0, 1.9}) {
      auto px = sample_pixel(file, 2.0 * i + at, 320, 180);
      ASSERT_TRUE(px);
      EXPECT_TRUE(near(*px, colours[i])) << "clip " << i << " at +" << at << " s";
    }
}

class ClusterChunks : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    drafts_ = new temp_dir{"cqchunks-drafts"};
    draft_spec spec;
    spec.clips = {{"red", 2, 440}, {"lime", 2, 550}, {"blue", 2, 660}, {"yellow", 2, 770}};
    spec.width = 640;
    spec.height = 360;
    spec.music_seconds = 8;
    ASSERT_TRUE(write_draft(drafts_->path(), long_draft, spec));
  }
  static void TearDownTestSuite() {
    delete drafts_;
    drafts_ = nullptr;
  }

  std::unique_ptr<worker_process> worker(const std::string& name) {
    auto& dir = worker_dirs.emplace_back(std::make_unique<temp_dir>("cqchunks-worker"));
    std::vector<std::string> args = {"--slots", "1", "--render-threads", "1"};
    args.insert(args.end(), fast_cluster_timing().begin(), fast_cluster_timing().end());
    return std::make_unique<worker_process>(dir->path(), coord->join_address(), name, args);
  }

  static temp_dir* drafts_;
  temp_dir data{"cqchunks-coordinator"};
  std::vector<std::unique_ptr<temp_dir>> worker_dirs;
  fixture_server drafts{{drafts_->path()}};
  std::unique_ptr<coordinator_process> coord;
};

temp_dir* ClusterChunks::drafts_ = nullptr;

TEST_F(ClusterChunks, WorkersRenderChunksAndAKilledWorkerCostsOnlyItsChunk) {
  std::vector<std::string> args = {"--local-slots",    "1", "--chunk-seconds", "1",
                                   "--render-threads", "1"};
  args.insert(args.end(), fast_cluster_timing().begin(), fast_cluster_timing().end());
  coord = std::make_unique<coordinator_process>(data.path(), args);
  auto doomed = worker("doomed");
  auto steady = worker("steady");
  ASSERT_TRUE(wait_until([&] { return coord->worker_nodes() == 2; }, 20s, 100ms))
      << coord->log_text();

  // Slow file downloads keep each worker's first chunk in its fetch phase for a while.
  const std::string url = drafts.draft_url(long_draft, "rate=150000");
  ASSERT_EQ(coord->submit(url).status, 200);
  ASSERT_TRUE(wait_until(
      [&] { return !chunk_lines(coord->log_text(), "started", "doomed").empty(); }, 60s, 20ms))
      << coord->log_text();
  doomed->process().signal(SIGKILL);

  const json done = coord->wait_terminal(url, 180s);
  ASSERT_EQ(done["status"], "completed") << done.dump() << "\n" << coord->log_text();
  const std::string log = coord->log_text();
  if (std::getenv("CUTQUEUE_TEST_SHOW_LOG")) // to read the story of a passing run
    std::cerr << log;
  const auto failed = chunk_lines(log, "failed", "doomed");
  ASSERT_EQ(failed.size(), 1u) << "the chunk in flight on the killed worker:\n" << log;
  EXPECT_TRUE(chunk_lines(log, "done", "doomed").empty()) << log;
  EXPECT_FALSE(chunk_lines(log, "done", "steady").empty()) << "the other worker helped:\n" << log;
  const auto all_done = chunk_lines(log, "done");
  EXPECT_EQ(all_done.size(), 16u) << "eight chunks of picture and of sound:\n" << log;
  for (const auto& [name, times] : all_done)
    EXPECT_EQ(times, 1) << name << " rendered more than once";
  EXPECT_EQ(all_done.count(failed.begin()->first), 1u) << "the moved chunk was rendered after all";
  EXPECT_NE(log.find(") failed on doomed"), std::string::npos);
  EXPECT_NE(log.find("it renders elsewhere"), std::string::npos);

  expect_the_long_draft(done);
}

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

TEST_F(ClusterChunks, AnExportOnALostWorkerResumesElsewhereFromTheChunksItSent) {
  // No local slot: the whole export runs on a worker node.
  // Half-second chunks: 32 units, enough of them left when the worker dies.
  std::vector<std::string> args = {"--local-slots", "0", "--chunk-seconds", "0.5"};
  args.insert(args.end(), fast_cluster_timing().begin(), fast_cluster_timing().end());
  coord = std::make_unique<coordinator_process>(data.path(), args);
  auto doomed = worker("doomed");
  ASSERT_TRUE(wait_until([&] { return coord->worker_nodes() == 1; }, 20s, 100ms))
      << coord->log_text();
  const std::string url = drafts.draft_url(long_draft);
  ASSERT_EQ(coord->submit(url).status, 200);

  // Into the picture's chunks: the worker dies mid-export.
  const std::string arrived = "arrived from a worker node";
  ASSERT_TRUE(wait_until([&] { return count_of(coord->log_text(), arrived) >= 18; }, 120s, 20ms))
      << coord->log_text() << "\n"
      << doomed->log_text();
  doomed->process().signal(SIGKILL);
  ASSERT_TRUE(wait_until([&] { return coord->worker_nodes() == 0; }, 20s, 50ms))
      << coord->log_text();
  const size_t kept = count_of(coord->log_text(), arrived);
  ASSERT_LT(kept, 32u) << "the export ended before the kill";

  auto steady = worker("steady");
  const json done = coord->wait_terminal(url, 180s);
  ASSERT_EQ(done["status"], "completed") << done.dump() << "\n" << coord->log_text();
  EXPECT_NE(coord->log_text().find("-> completed (attempt 2)"), std::string::npos)
      << coord->log_text();
  const std::string slog = steady->log_text();
  if (std::getenv("CUTQUEUE_TEST_SHOW_LOG"))
    std::cerr << coord->log_text() << slog;
  EXPECT_EQ(count_of(slog, "kept from an earlier attempt"), kept) << slog;
  EXPECT_EQ(count_of(slog, "from the coordinator ("), kept) << "each kept chunk fetched:\n" << slog;
  const auto rendered = chunk_lines(slog, "done", "steady");
  EXPECT_EQ(rendered.size(), 32u - kept) << slog;
  for (const auto& [name, times] : rendered)
    EXPECT_EQ(times, 1) << name;

  expect_the_long_draft(done);
  // The task ended: the coordinator keeps none of its chunks.
  ASSERT_TRUE(wait_until(
      [&] {
        std::error_code ec;
        return std::filesystem::is_empty(data.path() + "/chunks", ec) || ec;
      },
      10s, 50ms));
}

} // namespace
} // namespace cutqueue::testing
