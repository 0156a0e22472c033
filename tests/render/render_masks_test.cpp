// Masks rendered by FFmpeg: a red clip over a blue picture shows red where its mask lets it
// through. Each of the six shapes, invert, rotation, centre sign, a mask that moves with its
// scaled and moved clip, and a feathered edge.
#include "tests/render/draft_fragments.hpp"
#include "tests/render/frame_sampler.hpp"
#include "tests/render/render_test_util.hpp"

#include <gtest/gtest.h>

namespace cutqueue::render {
namespace {

using test::draft_builder;
using test::mask_spec;
using testing::rgb;

const rgb red{255, 0, 0}, blue{0, 0, 255};

struct masked_draft {
  test::scratch_dir dir;
  std::unique_ptr<draft_builder> b;
  std::string clip_material;
  size_t track = 0;
};

/// A 320x180 draft of `seconds`: blue picture below, a track for masked red clips above.
void start(masked_draft& m, int seconds) {
  const std::string bg = test::make_still(m.dir.path(), "blue.png", "blue", 320, 180);
  const std::string clip = test::make_clip(m.dir.path(), "red.mp4", "red", 320, 180, seconds, 0);
  ASSERT_FALSE(bg.empty() || clip.empty());
  m.b = std::make_unique<draft_builder>(320, 180, seconds * 1000000LL);
  auto p = m.b->video(bg, 320, 180, true);
  m.clip_material = m.b->video(clip, 320, 180);
  m.b->segment(m.b->track("video"), p, 0, seconds * 1000000LL, 1);
  m.track = m.b->track("video");
}

/// A half-second masked red clip starting at `index` half-seconds.
test::json& masked(masked_draft& m, int index, const mask_spec& spec) {
  auto& s =
      m.b->segment(m.track, m.clip_material, index * 500000LL, 500000, 2, index * 500000LL, 500000);
  test::add_mask(*m.b, s, spec);
  return s;
}

mask_spec shape(const std::string& name, const std::string& type, double w = 0.5, double h = 0.5) {
  mask_spec s;
  s.name = name;
  s.resource_type = type;
  s.width = w;
  s.height = h;
  return s;
}

TEST(RenderMasks, EachShapeShowsItsInsideAndHidesTheFarCorner) {
  masked_draft m;
  start(m, 3);
  masked(m, 0, shape("线性", "line"));
  masked(m, 1, shape("镜面", "mirror", 1.0, 0.3));
  masked(m, 2, shape("圆形", "circle"));
  masked(m, 3, shape("矩形", "rectangle"));
  masked(m, 4, shape("爱心", "geometric_shape"));
  masked(m, 5, shape("星形", "geometric_shape"));
  auto out = test::render_local(test::parse(*m.b), m.dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {7, 22, 37, 52, 67, 82});
  // 线性: the side above the line through the centre.
  EXPECT_COLOUR(f, 7, 160, 40, red, "线性: above the line");
  EXPECT_COLOUR(f, 7, 20, 20, red, "线性: top corner");
  EXPECT_COLOUR(f, 7, 160, 140, blue, "线性: below the line");
  EXPECT_COLOUR(f, 7, 300, 160, blue, "线性: bottom corner");
  // 镜面: a band 0.3 x 180 = 54 px thick across the whole width (y 63..117).
  EXPECT_COLOUR(f, 22, 160, 90, red, "镜面: centre");
  EXPECT_COLOUR(f, 22, 20, 90, red, "镜面: the band spans the width");
  EXPECT_COLOUR(f, 22, 160, 30, blue, "镜面: above the band");
  EXPECT_COLOUR(f, 22, 300, 160, blue, "镜面: far corner");
  // 圆形: an ellipse 160 x 90.
  EXPECT_COLOUR(f, 37, 160, 90, red, "圆形: centre");
  EXPECT_COLOUR(f, 37, 210, 90, red, "圆形: 50 px right");
  EXPECT_COLOUR(f, 37, 20, 20, blue, "圆形: corner");
  EXPECT_COLOUR(f, 37, 300, 160, blue, "圆形: far corner");
  // 矩形: x 80..240, y 45..135.
  EXPECT_COLOUR(f, 52, 160, 90, red, "矩形: centre");
  EXPECT_COLOUR(f, 52, 96, 61, red, "矩形: near its corner, inside");
  EXPECT_COLOUR(f, 52, 64, 90, blue, "矩形: left of it");
  EXPECT_COLOUR(f, 52, 300, 160, blue, "矩形: far corner");
  // 爱心 and 星形, inscribed in the 160 x 90 box.
  EXPECT_COLOUR(f, 67, 160, 90, red, "爱心: centre");
  EXPECT_COLOUR(f, 67, 20, 20, blue, "爱心: corner");
  EXPECT_COLOUR(f, 67, 300, 160, blue, "爱心: far corner");
  EXPECT_COLOUR(f, 82, 160, 90, red, "星形: centre");
  EXPECT_COLOUR(f, 82, 20, 20, blue, "星形: corner");
  EXPECT_COLOUR(f, 82, 300, 160, blue, "星形: far corner");
}

TEST(RenderMasks, InvertRotationCentreAndFeatherFollowTheConventions) {
  masked_draft m;
  start(m, 3);
  mask_spec inverted = shape("圆形", "circle");
  inverted.invert = true;
  masked(m, 0, inverted);
  mask_spec turned = shape("矩形", "rectangle", 0.8, 0.2); // 256 x 36 px
  turned.rotation = 90;
  masked(m, 1, turned);
  mask_spec off_centre = shape("圆形", "circle", 0.3, 0.3); // 96 x 54 px
  off_centre.center_x = 0.5;
  off_centre.center_y = 0.5; // half-material units, +y up: centred on (240, 45)
  masked(m, 2, off_centre);
  mask_spec feathered = shape("圆形", "circle"); // 160 x 90, edge at x = 240 on the middle row
  feathered.feather = 1.0;                       // a ramp of 180 / 4 = 45 px, centred on the edge
  masked(m, 3, feathered);
  mask_spec hard = shape("圆形", "circle");
  masked(m, 4, hard);
  auto out = test::render_local(test::parse(*m.b), m.dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {7, 22, 37, 52, 67});
  EXPECT_COLOUR(f, 7, 160, 90, blue, "inverted: the inside is cut out");
  EXPECT_COLOUR(f, 7, 20, 20, red, "inverted: the outside shows");
  // Turned a quarter clockwise: a vertical bar x 142..178 over the whole height.
  EXPECT_COLOUR(f, 22, 160, 20, red, "rotated: the bar stands upright");
  EXPECT_COLOUR(f, 22, 160, 160, red, "rotated: the bar stands upright");
  EXPECT_COLOUR(f, 22, 100, 90, blue, "rotated: no longer lying across");
  EXPECT_COLOUR(f, 22, 220, 90, blue, "rotated: no longer lying across");
  EXPECT_COLOUR(f, 37, 240, 45, red, "centre (0.5, 0.5) is right and UP");
  EXPECT_COLOUR(f, 37, 240, 135, blue, "not right and down");
  EXPECT_COLOUR(f, 37, 160, 90, blue, "the canvas centre is outside");
  // Feathered: partly shown 10 px inside and 10 px outside the edge, where a hard edge is not.
  const rgb in = f.at(52).at(230, 90), outside = f.at(52).at(250, 90);
  EXPECT_TRUE(in.r > 120 && in.r < 235 && in.b > 20 && in.b < 135) << test::text(in);
  EXPECT_TRUE(outside.r > 20 && outside.r < 135 && outside.b > 120 && outside.b < 235)
      << test::text(outside);
  EXPECT_COLOUR(f, 52, 160, 90, red, "feathered: the centre is fully shown");
  EXPECT_COLOUR(f, 67, 230, 90, red, "hard edge: inside");
  EXPECT_COLOUR(f, 67, 250, 90, blue, "hard edge: outside");
}

TEST(RenderMasks, AMaskMovesAndScalesWithItsClip) {
  masked_draft m;
  start(m, 1);
  auto& s = masked(m, 0, shape("圆形", "circle")); // the material's 160 x 90 ellipse
  s["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  s["clip"]["transform"] = {{"x", 0.5}, {"y", 0.5}}; // clip box x 160..320, y 0..90
  auto out = test::render_local(test::parse(*m.b), m.dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {7});
  EXPECT_COLOUR(f, 7, 240, 45, red, "the clip's centre: inside its 80 x 45 ellipse");
  EXPECT_COLOUR(f, 7, 264, 45, red, "24 px right of the clip's centre");
  EXPECT_COLOUR(f, 7, 176, 8, blue, "the clip's corner: outside the ellipse");
  EXPECT_COLOUR(f, 7, 160, 90, blue, "the canvas centre: outside the clip");
}

TEST(RenderMasks, AMaskGrowsWithAKeyframedScaleAndTurnsWithTheClip) {
  masked_draft m;
  start(m, 2);
  // 0-0.5 s: scale 0.5 -> 1 over the segment; the ellipse is half the drawn picture's size.
  auto& growing = masked(m, 0, shape("圆形", "circle"));
  growing["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  test::add_keyframes(growing, "KFTypeScaleX", {{0, 0.5}, {500000, 1.0}});
  // 1-1.5 s: a horizontal bar of the material (256 x 36 px), the clip turned a quarter.
  auto& turned = masked(m, 2, shape("矩形", "rectangle", 0.8, 0.2));
  turned["clip"]["rotation"] = 90.0;
  auto out = test::render_local(test::parse(*m.b), m.dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {0, 14, 37});
  // Scale 0.5: ellipse 80 x 45 around the centre; frame 14, scale 0.97: 155 x 87.
  EXPECT_COLOUR(f, 0, 160, 90, red, "small: centre");
  EXPECT_COLOUR(f, 0, 224, 90, blue, "small: 64 px right is outside its 40 px half-width");
  EXPECT_COLOUR(f, 14, 160, 90, red, "grown: centre");
  EXPECT_COLOUR(f, 14, 224, 90, red, "grown: 64 px right is inside its 80 px half-width");
  EXPECT_COLOUR(f, 14, 300, 90, blue, "grown: still an ellipse");
  // The bar turned with the clip: upright, 36 px wide.
  EXPECT_COLOUR(f, 37, 160, 20, red, "the bar turned upright with the clip");
  EXPECT_COLOUR(f, 37, 120, 90, blue, "the bar turned upright with the clip");
}

TEST(RenderMasks, ATransparentPictureKeepsItsHolesUnderAMask) {
  // A picture whose left half is transparent, under a 圆形 mask: inside the ellipse only its
  // right half shows; outside it nothing does.
  masked_draft m;
  start(m, 1);
  const std::string png = m.dir / "half.png";
  ASSERT_TRUE(test::ffmpeg({"-f", "lavfi", "-i",
                            "color=c=red@0:s=160x180,format=rgba[l];color=c=red:s=160x180,"
                            "format=rgba[r];[l][r]hstack",
                            "-frames:v", "1", png}));
  auto mat = m.b->video(png, 320, 180, true);
  auto& s = m.b->segment(m.b->track("video"), mat, 0, 1000000, 3);
  test::add_mask(*m.b, s, shape("圆形", "circle", 0.75, 0.75)); // 240 x 135
  auto out = test::render_local(test::parse(*m.b), m.dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {10});
  EXPECT_COLOUR(f, 10, 200, 90, red, "inside the mask, opaque half");
  EXPECT_COLOUR(f, 10, 120, 90, blue, "inside the mask, transparent half");
  EXPECT_COLOUR(f, 10, 305, 170, blue, "outside the mask, opaque half");
}

} // namespace
} // namespace cutqueue::render
