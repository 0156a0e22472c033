// Animations rendered by FFmpeg on photos over a plain picture: fade in and out at 50 % half-way,
// a slide that starts off its place and lands on it, a zoom that grows, a loop that blinks over
// the whole segment, a wipe that reveals from its edge.
#include "tests/render/draft_fragments.hpp"
#include "tests/render/frame_sampler.hpp"
#include "tests/render/render_test_util.hpp"

#include <gtest/gtest.h>

namespace cutqueue::render {
namespace {

using test::add_animations;
using test::animation_spec;
using test::draft_builder;
using testing::rgb;

const rgb yellow{255, 255, 0}, orange{254, 127, 0}, white{255, 255, 255}, black{0, 0, 0};

/// A 320x180 draft: optionally a yellow picture below, one photo of `colour` on top for
/// [0, seconds) with `anims`, at clip scale `scale`.
struct photo_draft {
  test::scratch_dir dir;
  std::unique_ptr<draft_builder> b;

  test::json& make(int seconds, const std::string& colour, double scale,
                   const std::vector<animation_spec>& anims, bool yellow_below = true) {
    b = std::make_unique<draft_builder>(320, 180, seconds * 1000000LL);
    if (yellow_below) {
      const std::string bg = test::make_still(dir.path(), "bg.png", "yellow", 320, 180);
      b->segment(b->track("video"), b->video(bg, 320, 180, true), 0, seconds * 1000000LL, 1);
    }
    const std::string top = test::make_still(dir.path(), "top.png", colour, 640, 360);
    auto& s =
        b->segment(b->track("video"), b->video(top, 640, 360, true), 0, seconds * 1000000LL, 2);
    s["clip"]["scale"] = {{"x", scale}, {"y", scale}};
    add_animations(*b, s, anims);
    return s;
  }
};

/// How many pixels of row y are not black.
int lit_width(const test::rgb_frame& f, int y) {
  int n = 0;
  for (int x = 0; x < f.w; ++x)
    n += f.level(x, y) > 30 ? 1 : 0;
  return n;
}

TEST(RenderAnimations, PhotoFadesInAndOutAtHalfOpacityHalfWay) {
  photo_draft d;
  d.make(3, "0xFE7F00", 0.5,
         {{"渐显", "in", "video", 0, 1000000, "6798320778182922760"},
          {"渐隐", "out", "video", 2000000, 1000000, "6798320902548230669"}});
  auto out = test::render_local(test::parse(*d.b), d.dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {0, 15, 45, 75});
  EXPECT_COLOUR(f, 0, 160, 90, yellow, "the fade in starts from nothing");
  EXPECT_COLOUR(f, 15, 160, 90, (rgb{254, 191, 0}), "half-way through the fade in");
  EXPECT_COLOUR(f, 45, 160, 90, orange, "fully shown between the fades");
  EXPECT_COLOUR(f, 45, 64, 90, yellow, "outside the half-size photo");
  EXPECT_COLOUR(f, 75, 160, 90, (rgb{254, 191, 0}), "half-way through the fade out");
}

TEST(RenderAnimations, SlideInStartsOffItsPlaceAndLandsOnIt) {
  photo_draft d;
  d.make(2, "0xFE7F00", 0.5, {{"向右滑动", "in", "video", 0, 1000000, "6798333076469453320"}});
  auto out = test::render_local(test::parse(*d.b), d.dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {0, 15, 30, 45});
  // Frame 0: a whole canvas width to the left, off the canvas.
  EXPECT_COLOUR(f, 0, 160, 90, yellow, "not on its place yet");
  EXPECT_COLOUR(f, 0, 20, 90, yellow, "entirely off the canvas");
  // Half-way (eased): an eighth of the way left, box x 40..200.
  EXPECT_COLOUR(f, 15, 56, 90, orange, "coming in from the left");
  EXPECT_COLOUR(f, 15, 216, 90, yellow, "not yet at its right edge");
  for (int64_t n : {30, 45}) {
    EXPECT_COLOUR(f, n, 96, 90, orange, "landed: box x 80..240");
    EXPECT_COLOUR(f, n, 224, 90, orange, "landed: box x 80..240");
    EXPECT_COLOUR(f, n, 64, 90, yellow, "landed: box x 80..240");
  }
}

TEST(RenderAnimations, ZoomInGrowsThePictureToItsSize) {
  photo_draft d;
  d.make(2, "white", 1.0, {{"放大", "in", "video", 0, 1000000, "6798332733694153230"}}, false);
  auto out = test::render_local(test::parse(*d.b), d.dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  // Scale 0.74, 0.89 and 0.97 of the canvas width (and fading in: 20, 40, 60 % opaque).
  const auto f = test::decode_frames(out.output, 320, 180, {6, 12, 18, 45});
  int last = 0;
  for (int64_t n : {6, 12, 18}) {
    const int w = lit_width(f.at(n), 90);
    EXPECT_GT(w, last) << "frame " << n;
    EXPECT_LT(w, 320) << "frame " << n;
    last = w;
  }
  EXPECT_EQ(lit_width(f.at(45), 90), 320);
  EXPECT_COLOUR(f, 45, 20, 20, white, "full size after the animation");
}

TEST(RenderAnimations, LoopBlinksEveryCycleUntilTheSegmentEnds) {
  // 闪光放大, a picture loop of the blink family, with a 0.5 s cycle over 3 s: shown at the
  // start of every cycle, gone half-way through it.
  photo_draft d;
  d.make(3, "0xFE7F00", 0.5, {{"闪光放大", "group", "video", 0, 500000, "7166437469909422623"}});
  auto out = test::render_local(test::parse(*d.b), d.dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  std::vector<int64_t> frames;
  for (int64_t start = 0; start < 90; start += 15) {
    frames.push_back(start);
    frames.push_back(start + 7);
  }
  const auto f = test::decode_frames(out.output, 320, 180, frames);
  for (int64_t start = 0; start < 90; start += 15) {
    EXPECT_COLOUR(f, start, 160, 90, orange, "shown at the start of a cycle");
    EXPECT_COLOUR(f, start + 7, 160, 90, yellow, "gone half-way through a cycle");
  }
}

TEST(RenderAnimations, WipeInRevealsFromTheLeftEdge) {
  // 画面擦除 sweeps right: the picture appears from its left edge.
  photo_draft d;
  d.make(2, "white", 1.0, {{"画面擦除", "in", "video", 0, 1000000, "7448898555617481226"}}, false);
  auto out = test::render_local(test::parse(*d.b), d.dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {0, 6, 10, 40});
  EXPECT_COLOUR(f, 0, 20, 90, black, "nothing uncovered yet");
  // Frame 6: 49 % uncovered (x 0..156), frame 10: 70 % (x 0..225).
  EXPECT_COLOUR(f, 6, 40, 90, white, "the left part first");
  EXPECT_COLOUR(f, 6, 280, 90, black, "the right part later");
  EXPECT_COLOUR(f, 10, 200, 90, white, "the uncovered part grows to the right");
  EXPECT_COLOUR(f, 10, 280, 90, black, "the uncovered part grows to the right");
  EXPECT_COLOUR(f, 40, 300, 90, white, "all of it after the animation");
}

TEST(RenderAnimations, WipeOutLeavesTheRightPartLast) {
  // 折叠闭幕 sweeps right as an out: the picture goes from its left edge, the right part last.
  photo_draft d;
  d.make(2, "white", 1.0, {{"折叠闭幕", "out", "video", 1000000, 1000000, "7239273967310082621"}},
         false);
  auto out = test::render_local(test::parse(*d.b), d.dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {20, 54});
  EXPECT_COLOUR(f, 20, 20, 90, white, "before the out animation");
  // Frame 54 (p = 0.8, eased): 49 % left, x 164..320.
  EXPECT_COLOUR(f, 54, 60, 90, black, "the left part is gone first");
  EXPECT_COLOUR(f, 54, 280, 90, white, "the right part stays last");
}

/// The summed brightness of the frame's pixels (white captions on black).
double energy(const test::rgb_frame& f) {
  double sum = 0;
  for (unsigned char c : f.data)
    sum += c;
  return sum;
}

TEST(RenderAnimations, CaptionFadesInAndBlinksLikeAPicture) {
  // The animations_text fixture's captions: "FADE" with 渐显 over its first second, then
  // "LOOP" with the 闪烁 loop (0.5 s cycle), white on black.
  test::scratch_dir dir;
  draft_builder b(320, 180, 4000000);
  auto t = b.track("text");
  auto& fade = b.segment(t, b.text("FADE", 30), 0, 2000000, 3);
  add_animations(b, fade, {{"渐显", "in", "sticker", 0, 1000000, "6724916044072227332"}});
  auto& loop = b.segment(t, b.text("FADE", 30), 2000000, 2000000, 3);
  add_animations(b, loop, {{"闪烁", "loop", "sticker", 0, 500000, "6724921437930394120"}});
  auto out = test::render_local(test::parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {15, 45, 60, 67, 75, 82});
  const double full = energy(f.at(45));
  ASSERT_GT(full, 0) << "no caption drawn";
  EXPECT_GT(energy(f.at(15)) / full, 0.15) << "half-way through 渐显";
  EXPECT_LT(energy(f.at(15)) / full, 0.85) << "half-way through 渐显";
  for (int64_t start : {60, 75}) {
    EXPECT_NEAR(energy(f.at(start)) / full, 1.0, 0.15) << "shown at the start of a cycle";
    EXPECT_LT(energy(f.at(start + 7)) / full, 0.15) << "gone half-way through a cycle";
  }
}

} // namespace
} // namespace cutqueue::render
