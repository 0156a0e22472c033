// Nothing a draft asks for is dropped silently: every Jianying resource without a look, every
// unmodelled list and every feature the graph cannot draw is named once per task in the log,
// and --unsupported-features fail turns them into the task's error.
#include "render/feature_audit.hpp"
#include "tests/render/render_test_util.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace cutqueue::render {
namespace {

using nlohmann::json;

/// A red clip under a filter track (冷蓝), a video effect (变黑白), a sticker, and a caption with
/// a 花字 and a Jianying font id; an audio segment with an echo.
test::draft_builder resource_draft(const std::string& clip) {
  test::draft_builder b(320, 180, 1000000);
  auto& mats = b.doc()["materials"];
  mats["effects"] = json::array(
      {{{"id", "f1"},
        {"type", "filter"},
        {"name", "冷蓝"},
        {"resource_id", "7127618237117877518"},
        {"value", 1.0}},
       {{"id", "te"}, {"type", "text_effect"}, {"resource_id", "7371372494336396570"}}});
  mats["video_effects"] = json::array({{{"id", "e1"},
                                        {"type", "video_effect"},
                                        {"name", "变黑白"},
                                        {"resource_id", "6730911849706951179"}}});
  mats["stickers"] =
      json::array({{{"id", "s1"}, {"resource_id", "7326810673609018675"}, {"type", "sticker"}}});
  mats["audio_effects"] = json::array(
      {{{"id", "ae"}, {"type", "audio_effect"}, {"name", "回音"}, {"resource_id", "70180"}}});
  auto m = b.video(clip, 320, 180);
  b.segment(b.track("video"), m, 0, 1000000, 1);
  b.segment(b.track("filter"), "f1", 0, 1000000, 2)["id"] = "filter_seg";
  b.segment(b.track("effect"), "e1", 0, 1000000, 3)["id"] = "effect_seg";
  b.segment(b.track("sticker"), "s1", 0, 1000000, 14000)["id"] = "sticker_seg";
  auto tx = b.text("HUAZI");
  for (auto& t : mats["texts"]) {
    auto c = json::parse(t["content"].get<std::string>());
    c["styles"][0]["effectStyle"] = {{"id", "7371372494336396570"}, {"path", "C:"}};
    c["styles"][0]["font"] = {{"id", "6740435892441190919"}, {"path", "C:/fonts/x.ttf"}};
    t["content"] = c.dump();
  }
  auto& caption = b.segment(b.track("text"), tx, 0, 1000000, 4);
  caption["id"] = "caption_seg";
  caption["extra_material_refs"] = {"te"};
  auto& sound = b.segment(b.track("audio"), b.audio(clip), 0, 1000000, 10);
  sound["id"] = "sound_seg";
  sound["extra_material_refs"] = {"ae"};
  return b;
}

std::vector<std::string> named(const std::vector<draft::unsupported_feature>& v) {
  std::vector<std::string> out;
  for (const auto& u : v)
    out.push_back(u.feature + " on " + u.where);
  return out;
}

TEST(UnsupportedFeatures, AResourceNoRendererLooksAtIsNamedWithItsSegment) {
  auto b = resource_draft("/x.mp4");
  // A face effect referenced from the clip: no part of the renderer draws it.
  b.doc()["materials"]["effects"].push_back(
      {{"id", "fx"}, {"type", "face_effect"}, {"name", "瘦脸"}, {"resource_id", "123"}});
  b.doc()["tracks"][0]["segments"][0]["extra_material_refs"] = {"fx"};
  draft::document d;
  ASSERT_TRUE(draft::parse_draft(b.dump(), d).ok);
  const auto named_ones = named(unrendered_resources(d));
  ASSERT_EQ(named_ones.size(), 1u) << ::testing::PrintToString(named_ones);
  EXPECT_EQ(named_ones[0].substr(named_ones[0].find(" on ")),
            " on segment " + d.tracks[0].segments[0].id);
  EXPECT_EQ(named_ones[0].find("face_effect 瘦脸"), 0u) << named_ones[0];
}

TEST(UnsupportedFeatures, EachIsLoggedOnceWithHowItWasDrawnAndFailCountsOnlyWhatIsNotDrawn) {
  test::scratch_dir dir;
  const std::string clip = test::make_clip(dir.path(), "red.mp4", "red", 320, 180, 1, 440);
  ASSERT_FALSE(clip.empty());
  draft::document d;
  ASSERT_TRUE(draft::parse_draft(resource_draft(clip).dump(), d).ok);

  ::testing::internal::CaptureStderr();
  auto skip = test::render_local(d, dir, {}, [](render_settings& s) { s.task_id = "t1"; });
  const std::string log = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(skip.outcome.ok) << skip.outcome.error_message;
  const std::string line = "render: draft uses unsupported sticker 7326810673609018675 on "
                           "segment sticker_seg [task t1]";
  const size_t at = log.find(line);
  EXPECT_NE(at, std::string::npos) << log;
  EXPECT_EQ(log.find(line, at + 1), std::string::npos) << "logged twice:\n" << log;
  EXPECT_NE(log.find("render: draft uses unsupported font 6740435892441190919"), std::string::npos)
      << log;
  for (const char* what :
       {"filter 冷蓝 on segment filter_seg, drawn approximately (look cool",
        "video effect 变黑白 on segment effect_seg, drawn approximately (look bw",
        "audio effect 回音 on segment sound_seg, drawn approximately (look echo",
        "text effect 7371372494336396570 on segment caption_seg, drawn "
        "approximately (白字橘色发光花字"})
    EXPECT_NE(log.find(std::string("render: draft uses ") + what), std::string::npos)
        << what << "\n"
        << log;

  auto fail =
      test::render_local(d, dir, {}, [](render_settings& s) { s.fail_on_unsupported = true; });
  EXPECT_FALSE(fail.outcome.ok);
  EXPECT_EQ(fail.outcome.error_message,
            "Unsupported draft feature: font 6740435892441190919, sticker 7326810673609018675");
}

TEST(UnsupportedFeatures, ADraftWithNothingUnsupportedRendersUnderFail) {
  test::scratch_dir dir;
  const std::string clip = test::make_clip(dir.path(), "red.mp4", "red", 320, 180, 1, 440);
  test::draft_builder b(320, 180, 1000000);
  b.segment(b.track("video"), b.video(clip, 320, 180), 0, 1000000, 1);
  draft::document d;
  ASSERT_TRUE(draft::parse_draft(b.dump(), d).ok);
  auto out =
      test::render_local(d, dir, {}, [](render_settings& s) { s.fail_on_unsupported = true; });
  EXPECT_TRUE(out.outcome.ok) << out.outcome.error_message;
}

} // namespace
} // namespace cutqueue::render
