// Conformance over the real capcut-mate drafts in ../shared/fixtures, served the way
// capcut-mate's get_draft serves them: every draft exports, and the rendered videos have the
// duration, size and pictures the fixtures' README describes.
#include "tests/e2e/e2e_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

namespace cutqueue::testing {
namespace {

using nlohmann::json;

struct fixture_draft {
  const char* name;
  const char* draft_id;
  double seconds;
  int width, height;
};

const fixture_draft all_drafts[] = {
    {"basic_video", "202611281158060a83757e", 9.0, 640, 360},
    {"av_captions", "202611281158087ee7a697", 10.0, 640, 360},
    {"images_mixed", "202611281158099bdb8c2e", 8.0, 1280, 720},
    {"long_draft", "202611281158114be4cda5", 60.0, 640, 360},
    {"too_short", "20261128115813d7fd0c88", 2.5, 640, 360},
};

class FixturesConformance : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    auto dir = fixtures_dir_or_skip();
    if (dir.empty())
      return;
    fixtures_ = new std::string(dir);
    data_ = new temp_dir{"cutqueue-conformance"};
    scratch_ = new temp_dir{"cutqueue-conformance-out"};
    drafts_ = new fixture_server{{dir}};
    srv_ = new cutqueue_server{data_->path()};
  }
  static void TearDownTestSuite() {
    delete srv_;
    delete drafts_;
    delete scratch_;
    delete data_;
    delete fixtures_;
    srv_ = nullptr;
    fixtures_ = nullptr;
  }
  void SetUp() override {
    if (!fixtures_)
      fixtures_dir_or_skip(); // records the skip (or, in CI, the failure) for this test
  }

  /// Submits the draft's export (once; ctest runs each test in its own process).
  static void start(const fixture_draft& d) {
    if ((*files_).count(d.name))
      return;
    (*files_)[d.name] = "";
    EXPECT_EQ(submit(*srv_, drafts_->draft_url(d.draft_id)).status, 200) << d.name;
  }

  /// Waits for the draft's export and downloads the video ("" when it did not complete).
  std::string rendered(const fixture_draft& d) {
    start(d);
    auto& file = (*files_)[d.name];
    if (!file.empty())
      return file;
    auto j = wait_terminal(*srv_, drafts_->draft_url(d.draft_id), 300s);
    EXPECT_EQ(j["status"], "completed") << d.name << ": " << j.dump();
    if (j["status"] != "completed")
      return {};
    auto dir = scratch_->path() + "/" + d.name;
    std::filesystem::create_directories(dir);
    file = download(j["video_url"], dir);
    return file;
  }

  static std::string* fixtures_;
  static temp_dir* data_;
  static temp_dir* scratch_;
  static fixture_server* drafts_;
  static cutqueue_server* srv_;
  static inline auto* files_ = new std::map<std::string, std::string>();
};

std::string* FixturesConformance::fixtures_ = nullptr;
temp_dir* FixturesConformance::data_ = nullptr;
temp_dir* FixturesConformance::scratch_ = nullptr;
fixture_server* FixturesConformance::drafts_ = nullptr;
cutqueue_server* FixturesConformance::srv_ = nullptr;

std::string show(const std::optional<rgb>& c) {
  return c ? std::to_string(c->r) + "," + std::to_string(c->g) + "," + std::to_string(c->b)
           : "none";
}

TEST_F(FixturesConformance, EveryDraftExportsWithItsDurationAndSize) {
  if (!fixtures_)
    return;
  for (auto& d : all_drafts)
    start(d); // all at once: they render side by side while the loop below waits
  for (auto& d : all_drafts) {
    auto file = rendered(d);
    ASSERT_FALSE(file.empty()) << d.name;
    auto info = probe(file);
    ASSERT_TRUE(info) << d.name;
    EXPECT_NEAR(info->duration, d.seconds, 0.1) << d.name;
    EXPECT_EQ(info->width, d.width) << d.name;
    EXPECT_EQ(info->height, d.height) << d.name;
    EXPECT_EQ(info->video_codec, "h264") << d.name;
    EXPECT_EQ(info->pix_fmt, "yuv420p") << d.name;
    EXPECT_EQ(info->audio_codec, "aac") << d.name;
    EXPECT_NEAR(info->fps, 30.0, 0.01) << d.name;
  }
}

TEST_F(FixturesConformance, BasicVideoShowsEachClipInTheMiddleOfItsSegment) {
  if (!fixtures_)
    return;
  auto file = rendered(all_drafts[0]);
  ASSERT_FALSE(file.empty());
  const std::pair<double, rgb> expected[] = {
      {1.5, {255, 0, 0}}, {4.0, {0, 255, 0}}, {7.0, {0, 0, 255}}};
  for (auto& [t, colour] : expected) {
    for (auto [x, y] : {std::pair{320, 180}, std::pair{20, 20}, std::pair{620, 340}}) {
      auto px = sample_pixel(file, t, x, y);
      EXPECT_TRUE(px && near(*px, colour))
          << "t=" << t << " (" << x << "," << y << ") got " << show(px);
    }
  }
}

TEST_F(FixturesConformance, LongDraftCyclesItsFifteenSlots) {
  if (!fixtures_)
    return;
  auto file = rendered(all_drafts[3]);
  ASSERT_FALSE(file.empty());
  const rgb cycle[] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 0}, {255, 0, 255}};
  for (int slot = 0; slot < 15; slot += 4) {
    auto px = sample_pixel(file, slot * 4 + 2.0, 320, 180);
    EXPECT_TRUE(px && near(*px, cycle[slot % 5])) << "slot " << slot << " got " << show(px);
  }
}

TEST_F(FixturesConformance, ImagesMixedStacksTracksByRenderIndex) {
  if (!fixtures_)
    return;
  auto file = rendered(all_drafts[2]);
  ASSERT_FALSE(file.empty());
  // Red full frame at 0.5 s (before the picture-in-picture starts).
  auto px = sample_pixel(file, 0.5, 640, 360);
  EXPECT_TRUE(px && near(*px, {255, 0, 0})) << show(px);
  // Orange photo 3-5.5 s, centred at (704,396) at 1024x576; purple photo 5.5-8 s.
  px = sample_pixel(file, 4.0, 704, 396);
  EXPECT_TRUE(px && near(*px, {254, 127, 0})) << show(px);
  px = sample_pixel(file, 7.5, 704, 396);
  EXPECT_TRUE(px && near(*px, {127, 0, 254})) << show(px);
}

TEST_F(FixturesConformance, TooShortDraftStillExports) {
  if (!fixtures_)
    return;
  auto file = rendered(all_drafts[4]);
  ASSERT_FALSE(file.empty());
  auto px = sample_pixel(file, 1.25, 320, 180);
  EXPECT_TRUE(px && near(*px, {0, 255, 255})) << show(px);
}

} // namespace
} // namespace cutqueue::testing
