// Canvas shapes rendered by FFmpeg: a 1080x1920 vertical and a 1080x1080 square canvas with
// 16:9, 9:16 and odd-shaped materials, each aspect-fitted and centred with black where it does
// not reach; the output has the canvas's size and the draft's frame rate.
#include "tests/render/draft_fragments.hpp"
#include "tests/render/frame_sampler.hpp"
#include "tests/render/render_test_util.hpp"

#include <gtest/gtest.h>

namespace cutqueue::render {
namespace {

using test::draft_builder;
using testing::rgb;

const rgb red{255, 0, 0}, green{0, 255, 0}, blue{0, 0, 255}, black{0, 0, 0};

/// Three 0.4 s segments one after another on a w x h canvas at 25 fps: a red 16:9, a green
/// 9:16 and a blue material of `odd_w` x `odd_h` (frames 5, 15 and 25 show them).
struct three_shapes {
  test::scratch_dir dir;
  test::local_render out;

  void render(int w, int h, int odd_w, int odd_h) {
    const std::string wide = test::make_clip(dir.path(), "wide.mp4", "red", 320, 180, 1, 0);
    const std::string tall = test::make_clip(dir.path(), "tall.mp4", "lime", 180, 320, 1, 0);
    const std::string odd = test::make_still(dir.path(), "odd.png", "blue", odd_w, odd_h);
    ASSERT_FALSE(wide.empty() || tall.empty() || odd.empty());
    draft_builder b(w, h, 1200000);
    b.doc()["fps"] = 25.0;
    auto t = b.track("video");
    b.segment(t, b.video(wide, 320, 180), 0, 400000, 1);
    b.segment(t, b.video(tall, 180, 320), 400000, 400000, 1);
    b.segment(t, b.video(odd, odd_w, odd_h, true), 800000, 400000, 1);
    out = test::render_local(test::parse(b), dir);
    ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
    auto info = testing::probe(out.output);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->width, w);
    EXPECT_EQ(info->height, h);
    EXPECT_NEAR(info->fps, 25, 0.01);
    EXPECT_NEAR(info->duration, 1.2, 0.05);
  }
};

TEST(RenderCanvas, VerticalCanvasFitsEachMaterialCentredWithBlackBars) {
  three_shapes s;
  s.render(1080, 1920, 301, 167);
  if (HasFatalFailure())
    return;
  const auto f = test::decode_frames(s.out.output, 1080, 1920, {5, 15, 25});
  // 16:9 -> 1080 x 607.5, y 656..1264.
  EXPECT_COLOUR(f, 5, 540, 960, red, "16:9: centre");
  EXPECT_COLOUR(f, 5, 20, 960, red, "16:9: full width");
  EXPECT_COLOUR(f, 5, 540, 672, red, "16:9: top edge +16");
  EXPECT_COLOUR(f, 5, 540, 1248, red, "16:9: bottom edge -16");
  EXPECT_COLOUR(f, 5, 540, 640, black, "16:9: bar above");
  EXPECT_COLOUR(f, 5, 540, 1280, black, "16:9: bar below");
  EXPECT_COLOUR(f, 5, 540, 40, black, "16:9: top of the canvas");
  // 9:16 -> the whole canvas.
  EXPECT_COLOUR(f, 15, 20, 20, green, "9:16: top left");
  EXPECT_COLOUR(f, 15, 1060, 1900, green, "9:16: bottom right");
  // 301 x 167 -> 1080 x 599.2, y 660..1260.
  EXPECT_COLOUR(f, 25, 540, 960, blue, "301x167: centre");
  EXPECT_COLOUR(f, 25, 20, 676, blue, "301x167: top edge +16");
  EXPECT_COLOUR(f, 25, 1060, 1244, blue, "301x167: bottom edge -16");
  EXPECT_COLOUR(f, 25, 540, 644, black, "301x167: bar above");
  EXPECT_COLOUR(f, 25, 540, 1276, black, "301x167: bar below");
}

TEST(RenderCanvas, SquareCanvasFitsEachMaterialCentredWithBlackBars) {
  three_shapes s;
  s.render(1080, 1080, 500, 300);
  if (HasFatalFailure())
    return;
  const auto f = test::decode_frames(s.out.output, 1080, 1080, {5, 15, 25});
  // 16:9 -> 1080 x 607.5, y 236..844.
  EXPECT_COLOUR(f, 5, 540, 540, red, "16:9: centre");
  EXPECT_COLOUR(f, 5, 540, 252, red, "16:9: top edge +16");
  EXPECT_COLOUR(f, 5, 540, 220, black, "16:9: bar above");
  EXPECT_COLOUR(f, 5, 540, 860, black, "16:9: bar below");
  // 9:16 -> 607.5 x 1080, x 236..844.
  EXPECT_COLOUR(f, 15, 540, 540, green, "9:16: centre");
  EXPECT_COLOUR(f, 15, 252, 20, green, "9:16: left edge +16, full height");
  EXPECT_COLOUR(f, 15, 220, 540, black, "9:16: bar left");
  EXPECT_COLOUR(f, 15, 860, 540, black, "9:16: bar right");
  // 500 x 300 -> 1080 x 648, y 216..864.
  EXPECT_COLOUR(f, 25, 540, 232, blue, "500x300: top edge +16");
  EXPECT_COLOUR(f, 25, 540, 848, blue, "500x300: bottom edge -16");
  EXPECT_COLOUR(f, 25, 540, 200, black, "500x300: bar above");
  EXPECT_COLOUR(f, 25, 540, 880, black, "500x300: bar below");
}

} // namespace
} // namespace cutqueue::render
