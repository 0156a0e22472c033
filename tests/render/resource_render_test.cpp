// Jianying resources rendered end to end on drafts generated at test time: built-in looks of
// filters, effects and audio effects, and an operator's resource folder (LUT, stickers, fonts).
#include "render/resource_folder.hpp"
#include "tests/render/render_test_util.hpp"
#include "tests/support/media_analysis.hpp"
#include "tests/support/media_assertions.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace cutqueue::render {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

draft::document parse(const test::draft_builder& b) {
  draft::document d;
  auto r = draft::parse_draft(b.dump(), d);
  EXPECT_TRUE(r.ok) << r.error;
  return d;
}

/// The largest minus the smallest channel of the pixel: 0 for grey, 255 for pure red.
double spread(const testing::mean_rgb& p) {
  return std::max({p.r, p.g, p.b}) - std::min({p.r, p.g, p.b});
}

void add_filter(test::draft_builder& b, const std::string& id, const std::string& name,
                const std::string& resource_id, double value) {
  b.doc()["materials"]["effects"].push_back({{"id", id},
                                             {"type", "filter"},
                                             {"name", name},
                                             {"resource_id", resource_id},
                                             {"value", value}});
}

void add_effect(test::draft_builder& b, const std::string& id, const std::string& name,
                const std::string& resource_id) {
  b.doc()["materials"]["video_effects"].push_back({{"id", id},
                                                   {"type", "video_effect"},
                                                   {"name", name},
                                                   {"resource_id", resource_id},
                                                   {"adjust_params", json::array()}});
}

TEST(ResourceRender, AFilterAtSixtyPercentDesaturatesOnlyInsideItsTimeRange) {
  test::scratch_dir dir;
  const std::string clip = test::make_clip(dir.path(), "red.mp4", "red", 320, 180, 3, 0);
  ASSERT_FALSE(clip.empty());
  test::draft_builder b(320, 180, 3000000);
  b.segment(b.track("video"), b.video(clip, 320, 180), 0, 3000000, 1);
  add_filter(b, "bw", "高清黑白", "7429744855724641545", 0.6);
  b.segment(b.track("filter"), "bw", 1000000, 1000000, 2);
  auto out = test::render_local(parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  testing::media_file m(out.output);
  auto before = m.pixel(0.5, 160, 90), inside = m.pixel(1.5, 160, 90),
       after = m.pixel(2.5, 160, 90);
  ASSERT_TRUE(before && inside && after);
  EXPECT_GT(spread(*before), 220);
  EXPECT_GT(spread(*after), 220);
  // 40 % of the red is left over the grey: a spread of about 0.4 x 255 (the look's contrast
  // moves it a little).
  EXPECT_NEAR(spread(*inside), 0.4 * 255, 30) << inside->r << "," << inside->g << "," << inside->b;
}

TEST(ResourceRender, ABlurEffectSoftensEdgesOnlyDuringIt) {
  test::scratch_dir dir;
  // Left half white, right half black: one sharp vertical edge at x = 160.
  const std::string clip = dir.path() + "/edge.mp4";
  ASSERT_TRUE(
      test::ffmpeg({"-f", "lavfi", "-i",
                    "color=c=black:s=320x180:r=25:d=3,drawbox=x=0:y=0:w=160:h=180:c=white:t=fill",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", clip}));
  test::draft_builder b(320, 180, 3000000);
  b.segment(b.track("video"), b.video(clip, 320, 180), 0, 3000000, 1);
  add_effect(b, "blur", "模糊", "6739752823140913675");
  b.segment(b.track("effect"), "blur", 1000000, 1000000, 2);
  auto out = test::render_local(parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  testing::media_file m(out.output);
  // Three pixels left of the edge: white when sharp, darkened by the blur (sigma 4 px).
  auto sharp = m.pixel(0.5, 157, 90, 0), blurred = m.pixel(1.5, 157, 90, 0),
       sharp_again = m.pixel(2.5, 157, 90, 0);
  ASSERT_TRUE(sharp && blurred && sharp_again);
  EXPECT_GT(sharp->g, 235);
  EXPECT_GT(sharp_again->g, 235);
  EXPECT_LT(blurred->g, 215);
}

TEST(ResourceRender, AnEchoAddsDelayedQuieterCopiesOfTheSound) {
  test::scratch_dir dir;
  const std::string tone = test::make_clip(dir.path(), "tone.mp4", "black", 320, 180, 1, 1000);
  ASSERT_FALSE(tone.empty());
  for (bool echo : {false, true}) {
    SCOPED_TRACE(echo ? "with echo" : "dry");
    test::draft_builder b(320, 180, 1500000);
    // A 0.1 s burst, so each copy stands alone.
    auto& seg = b.segment(b.track("audio"), b.audio(tone), 0, 100000, 1);
    if (echo)
      b.echo(seg);
    test::scratch_dir sub;
    auto out = test::render_local(parse(b), sub);
    ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
    testing::media_file m(out.output);
    EXPECT_TRUE(testing::tone_below(m, 0.12, 0.16, 1000, -50)) << "silence before the first copy";
    if (!echo) {
      EXPECT_TRUE(testing::tone_below(m, 0.2, 0.26, 1000, -50));
      continue;
    }
    // The echo family repeats the sound every 180 ms, the first copy at 0.6 x strength of the
    // dry level, each next one times the quantity.
    auto dry = m.tone(0.02, 0.08, 1000), first = m.tone(0.2, 0.26, 1000),
         second = m.tone(0.38, 0.44, 1000);
    ASSERT_TRUE(dry && first && second);
    EXPECT_NEAR(20 * std::log10(*first / *dry), 20 * std::log10(0.6 * 0.8), 2);
    EXPECT_NEAR(20 * std::log10(*second / *dry), 20 * std::log10(0.6 * 0.8 * 0.8), 2);
    EXPECT_TRUE(testing::tone_below(m, 1.0, 1.4, 1000, -50)) << "the tail dies away";
  }
}

/// A .cube that inverts every colour (size 2 is exact for a linear map).
std::string invert_cube() {
  std::string s = "TITLE \"invert\"\nLUT_3D_SIZE 2\n";
  for (int b = 0; b < 2; ++b)
    for (int g = 0; g < 2; ++g)
      for (int r = 0; r < 2; ++r)
        s += std::to_string(1 - r) + " " + std::to_string(1 - g) + " " + std::to_string(1 - b) +
             "\n";
  return s;
}

TEST(ResourceRender, ALutFromTheResourceFolderMapsAKnownColour) {
  test::scratch_dir dir;
  const std::string clip =
      test::make_clip(dir.path(), "c.mp4", "0x4080C0", 320, 180, 1, 0); // (64,128,192)
  ASSERT_FALSE(clip.empty());
  fs::create_directories(dir.path() + "/res/filters");
  test::write_text(dir.path() + "/res/filters/7127618237117877518.cube", invert_cube());
  auto folder = std::make_shared<const resource_folder>(scan_resource_folder(dir.path() + "/res"));
  ASSERT_EQ(folder->luts.size(), 1u);
  test::draft_builder b(320, 180, 1000000);
  b.segment(b.track("video"), b.video(clip, 320, 180), 0, 1000000, 1);
  add_filter(b, "f", "冷蓝", "7127618237117877518", 1.0);
  b.segment(b.track("filter"), "f", 0, 1000000, 2);
  ::testing::internal::CaptureStderr();
  auto out = test::render_local(parse(b), dir, {}, [&](render_settings& s) {
    s.resources = folder;
    s.fail_on_unsupported = true;
  });
  const std::string log = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  EXPECT_NE(log.find("filter 冷蓝 on segment"), std::string::npos) << log;
  EXPECT_NE(log.find("drawn from filters/7127618237117877518.cube"), std::string::npos) << log;
  auto p = testing::sample_pixel(out.output, 0.5, 160, 90);
  ASSERT_TRUE(p);
  EXPECT_NEAR(p->r, 191, 3);
  EXPECT_NEAR(p->g, 127, 3);
  EXPECT_NEAR(p->b, 63, 3);
}

/// A sticker segment at clip scale 0.5, transform (0.25, 0.25), over a blue clip.
test::draft_builder sticker_draft(const std::string& clip, int64_t duration) {
  test::draft_builder b(320, 180, duration);
  b.segment(b.track("video"), b.video(clip, 320, 180), 0, duration, 1);
  b.doc()["materials"]["stickers"] =
      json::array({{{"id", "st"}, {"resource_id", "7326810673609018675"}, {"type", "sticker"}}});
  auto& s = b.segment(b.track("sticker"), "st", 0, duration, 14000);
  s["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  s["clip"]["transform"] = {{"x", 0.25}, {"y", 0.25}};
  return b;
}

TEST(ResourceRender, APngStickerLandsAtItsClipPositionAndScale) {
  test::scratch_dir dir;
  const std::string clip = test::make_clip(dir.path(), "blue.mp4", "blue", 320, 180, 1, 0);
  fs::create_directories(dir.path() + "/res/stickers");
  ASSERT_TRUE(test::ffmpeg({"-f", "lavfi", "-i", "color=c=lime:s=64x64", "-frames:v", "1",
                            dir.path() + "/res/stickers/7326810673609018675.png"}));
  auto folder = std::make_shared<const resource_folder>(scan_resource_folder(dir.path() + "/res"));
  auto out = test::render_local(parse(sticker_draft(clip, 1000000)), dir, {},
                                [&](render_settings& s) { s.resources = folder; });
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  // Aspect-fitted like any picture: 64x64 -> 180x180 at scale 1, 90x90 at 0.5, centred at
  // (160 + 0.25 x 160, 90 - 0.25 x 90) = (200, 67.5).
  const testing::rgb lime{0, 255, 0}, blue{0, 0, 255};
  for (auto [x, y, want] : {std::tuple{200, 67, lime},
                            {160, 30, lime},
                            {240, 105, lime},
                            {150, 67, blue},
                            {250, 67, blue},
                            {200, 120, blue}}) {
    auto p = testing::sample_pixel(out.output, 0.5, x, y);
    ASSERT_TRUE(p);
    EXPECT_TRUE(testing::near(*p, want))
        << x << "," << y << ": " << p->r << "," << p->g << "," << p->b;
  }
}

TEST(ResourceRender, AnAnimatedStickerLoopsOverTheSegment) {
  test::scratch_dir dir;
  const std::string clip = test::make_clip(dir.path(), "blue.mp4", "blue", 320, 180, 3, 0);
  fs::create_directories(dir.path() + "/res/stickers");
  // A 1 s GIF: red for 0.5 s, then white.
  ASSERT_TRUE(test::ffmpeg({"-filter_complex",
                            "color=c=red:s=64x64:r=10:d=0.5[a];color=c=white:s=64x64:r=10:d=0.5[b];"
                            "[a][b]concat=n=2:v=1,format=rgb24,split[x][y];[x]palettegen[p];"
                            "[y][p]paletteuse",
                            dir.path() + "/res/stickers/7326810673609018675.gif"}));
  auto folder = std::make_shared<const resource_folder>(scan_resource_folder(dir.path() + "/res"));
  ASSERT_EQ(folder->stickers.size(), 1u);
  auto out = test::render_local(parse(sticker_draft(clip, 3000000)), dir, {},
                                [&](render_settings& s) { s.resources = folder; });
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const testing::rgb red{255, 0, 0}, white{255, 255, 255};
  for (auto [t, want] : {std::pair{0.25, red}, {0.75, white}, {1.25, red}, {2.75, white}}) {
    auto p = testing::sample_pixel(out.output, t, 200, 67);
    ASSERT_TRUE(p);
    EXPECT_TRUE(testing::near(*p, want)) << "t=" << t << ": " << p->r << "," << p->g << "," << p->b;
  }
}

TEST(ResourceRender, AnAnimatedWebpStickerChangesOverTimeAndLoops) {
  test::scratch_dir dir;
  const std::string clip = test::make_clip(dir.path(), "blue.mp4", "blue", 320, 180, 3, 0);
  fs::create_directories(dir.path() + "/res/stickers");
  // FFmpeg writes animated WebP but cannot read it back; cutqueue decodes it with libwebp.
  // Half transparent corners show the alpha is kept.
  ASSERT_TRUE(test::ffmpeg(
      {"-filter_complex",
       "color=c=red:s=64x64:r=10:d=0.5[a];color=c=white:s=64x64:r=10:d=0.5[b];"
       "[a][b]concat=n=2:v=1,format=yuva420p,drawbox=x=0:y=0:w=16:h=16:c=black@0:t=fill:replace=1",
       "-c:v", "libwebp_anim", "-lossless", "1", "-loop", "0",
       dir.path() + "/res/stickers/7326810673609018675.webp"}));
  auto folder = std::make_shared<const resource_folder>(scan_resource_folder(dir.path() + "/res"));
  ASSERT_EQ(folder->stickers.size(), 1u) << ::testing::PrintToString(folder->problems);
  ::testing::internal::CaptureStderr();
  auto out = test::render_local(parse(sticker_draft(clip, 3000000)), dir, {},
                                [&](render_settings& s) { s.resources = folder; });
  const std::string log = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  EXPECT_NE(log.find("drawn from stickers/7326810673609018675.webp"), std::string::npos) << log;
  const testing::rgb red{255, 0, 0}, white{255, 255, 255}, blue{0, 0, 255};
  for (auto [t, want] : {std::pair{0.25, red}, {0.75, white}, {1.25, red}, {2.75, white}}) {
    auto p = testing::sample_pixel(out.output, t, 200, 67);
    ASSERT_TRUE(p);
    EXPECT_TRUE(testing::near(*p, want)) << "t=" << t << ": " << p->r << "," << p->g << "," << p->b;
  }
  // The sticker's transparent top-left corner (a quarter of 90 px from 155,22) shows the clip.
  auto corner = testing::sample_pixel(out.output, 0.25, 163, 30);
  ASSERT_TRUE(corner);
  EXPECT_TRUE(testing::near(*corner, blue)) << corner->r << "," << corner->g << "," << corner->b;
}

TEST(ResourceRender, WithEveryResourceSuppliedFailFindsNothingMissing) {
  test::scratch_dir dir;
  const std::string clip = test::make_clip(dir.path(), "blue.mp4", "blue", 320, 180, 1, 0);
  fs::create_directories(dir.path() + "/res/stickers");
  fs::create_directories(dir.path() + "/res/fonts");
  ASSERT_TRUE(test::ffmpeg({"-f", "lavfi", "-i", "color=c=lime:s=32x32", "-frames:v", "1",
                            dir.path() + "/res/stickers/7326810673609018675.png"}));
  const std::string serif = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf";
  ASSERT_TRUE(fs::exists(serif)) << "make deps installs fonts-dejavu-core";
  fs::copy_file(serif, dir.path() + "/res/fonts/6740435892441190919.ttf");
  auto folder = std::make_shared<const resource_folder>(scan_resource_folder(dir.path() + "/res"));
  auto b = sticker_draft(clip, 1000000);
  auto tx = b.text("Serif");
  for (auto& t : b.doc()["materials"]["texts"]) {
    auto c = json::parse(t["content"].get<std::string>());
    c["styles"][0]["font"] = {{"id", "6740435892441190919"}, {"path", "C:/x.ttf"}};
    t["content"] = c.dump();
  }
  b.segment(b.track("text"), tx, 0, 1000000, 4);
  auto without = test::render_local(parse(b), dir, {},
                                    [&](render_settings& s) { s.fail_on_unsupported = true; });
  EXPECT_EQ(without.outcome.error_message,
            "Unsupported draft feature: font 6740435892441190919, sticker 7326810673609018675");
  auto with = test::render_local(parse(b), dir, {}, [&](render_settings& s) {
    s.fail_on_unsupported = true;
    s.resources = folder;
  });
  EXPECT_TRUE(with.outcome.ok) << with.outcome.error_message;
}

} // namespace
} // namespace cutqueue::render
