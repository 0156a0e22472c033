// Keyframes rendered by FFmpeg: position, scale, alpha and rotation put the clip where the
// conventions say, held before the first keyframe and after the last, on the segment's own
// (source) time; volume keyframes ramp the sound; a saturation keyframe greys the picture.
#include "tests/render/draft_fragments.hpp"
#include "tests/render/frame_sampler.hpp"
#include "tests/render/render_test_util.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace cutqueue::render {
namespace {

using test::add_keyframes;
using test::draft_builder;
using testing::rgb;

const rgb yellow{255, 255, 0}, purple{127, 0, 254}, red{255, 0, 0}, blue{0, 0, 255}, black{0, 0, 0};

TEST(RenderKeyframes, PositionScaleAndAlphaKeyframesPlaceTheClipFrameByFrame) {
  // The keyframes fixture at half size: a yellow clip from 1 s over a purple photo; X -0.5 ->
  // 0.5 and Y 0.5 -> 0 over its first second, scale 0.5 -> 1 over its second, alpha 1 -> 0
  // over its third. Offsets are from the segment's start, not from the timeline's.
  test::scratch_dir dir;
  const std::string bg = test::make_still(dir.path(), "purple.png", "0x7F00FE", 640, 360);
  const std::string clip = test::make_clip(dir.path(), "yellow.mp4", "yellow", 320, 180, 3, 0);
  ASSERT_FALSE(bg.empty() || clip.empty());
  draft_builder b(320, 180, 4000000);
  auto p = b.video(bg, 640, 360, true);
  auto y = b.video(clip, 320, 180);
  b.segment(b.track("video"), p, 0, 4000000, 1);
  auto& s = b.segment(b.track("video"), y, 1000000, 3000000, 2);
  s["uniform_scale"] = {{"on", false}, {"value", 1.0}};
  add_keyframes(s, "KFTypePositionX", {{0, -0.5}, {1000000, 0.5}});
  add_keyframes(s, "KFTypePositionY", {{0, 0.5}, {1000000, 0.0}});
  add_keyframes(s, "KFTypeScaleX", {{1000000, 0.5}, {2000000, 1.0}});
  add_keyframes(s, "KFTypeScaleY", {{1000000, 0.5}, {2000000, 1.0}});
  add_keyframes(s, "KFTypeAlpha", {{2000000, 1.0}, {3000000, 0.0}});
  auto out = test::render_local(test::parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {15, 45, 60, 75, 90, 105});
  // 0.5 s: no clip yet.
  EXPECT_COLOUR(f, 15, 160, 90, purple, "before the clip");
  // 1.5 s: X 0, Y 0.25, scale 0.5 held from its first keyframe: box x 80..240, y 22.5..112.5.
  EXPECT_COLOUR(f, 45, 160, 67, yellow, "inside");
  EXPECT_COLOUR(f, 45, 96, 67, yellow, "inside, left edge +16");
  EXPECT_COLOUR(f, 45, 224, 67, yellow, "inside, right edge -16");
  EXPECT_COLOUR(f, 45, 64, 67, purple, "left of the box");
  EXPECT_COLOUR(f, 45, 256, 67, purple, "right of the box");
  EXPECT_COLOUR(f, 45, 160, 6, purple, "above the box (+y is up)");
  EXPECT_COLOUR(f, 45, 160, 128, purple, "below the box");
  // 2.0 s: X 0.5, Y 0: box x 160..320, y 45..135.
  EXPECT_COLOUR(f, 60, 240, 90, yellow, "inside");
  EXPECT_COLOUR(f, 60, 176, 90, yellow, "inside, left edge +16");
  EXPECT_COLOUR(f, 60, 144, 90, purple, "left of the box");
  EXPECT_COLOUR(f, 60, 240, 29, purple, "above the box");
  EXPECT_COLOUR(f, 60, 240, 151, purple, "below the box");
  // 2.5 s: X held at 0.5 after its last keyframe, scale 0.75: box x 120..360, y 22.5..157.5.
  EXPECT_COLOUR(f, 75, 136, 90, yellow, "inside, left edge +16");
  EXPECT_COLOUR(f, 75, 104, 90, purple, "left of the box");
  EXPECT_COLOUR(f, 75, 240, 38, yellow, "inside, top edge +16");
  EXPECT_COLOUR(f, 75, 240, 6, purple, "above the box");
  // 3.0 s: scale 1: box x 80..400, y 0..180, still opaque.
  EXPECT_COLOUR(f, 90, 96, 90, yellow, "inside, left edge +16");
  EXPECT_COLOUR(f, 90, 64, 90, purple, "left of the box");
  // 3.5 s: alpha 0.5 over purple.
  EXPECT_COLOUR(f, 105, 240, 90, (rgb{191, 128, 127}), "half transparent");
  EXPECT_COLOUR(f, 105, 64, 90, purple, "left of the box");
}

TEST(RenderKeyframes, RotationKeyframesTurnTheClipClockwiseAboutItsCentre) {
  // Left half red, right half blue, at half size in the middle; 0 -> 90 degrees over 1 s.
  test::scratch_dir dir;
  const std::string split = dir / "split.mp4";
  ASSERT_TRUE(
      test::ffmpeg({"-f", "lavfi", "-i",
                    "color=c=red:s=160x180:r=30:d=2[l];color=c=blue:s=160x180:r=30:d=2[r];"
                    "[l][r]hstack",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", split}));
  draft_builder b(320, 180, 2000000);
  auto m = b.video(split, 320, 180);
  auto& s = b.segment(b.track("video"), m, 0, 2000000, 1);
  s["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  add_keyframes(s, "KFTypeRotation", {{0, 0.0}, {1000000, 90.0}});
  auto out = test::render_local(test::parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {0, 15, 30, 50});
  // Unturned: box x 80..240, y 45..135.
  EXPECT_COLOUR(f, 0, 110, 90, red, "left half");
  EXPECT_COLOUR(f, 0, 210, 90, blue, "right half");
  EXPECT_COLOUR(f, 0, 160, 25, black, "above the box");
  // 45 degrees clockwise: the red half's centre (-40, 0) has gone up and left.
  EXPECT_COLOUR(f, 15, 132, 62, red, "red turned up-left");
  EXPECT_COLOUR(f, 15, 188, 118, blue, "blue turned down-right");
  // 90 degrees (and held after the last keyframe): red on top, blue below; 90 wide.
  for (int64_t n : {30, 50}) {
    EXPECT_COLOUR(f, n, 160, 40, red, "red on top");
    EXPECT_COLOUR(f, n, 160, 140, blue, "blue at the bottom");
    EXPECT_COLOUR(f, n, 95, 90, black, "the turned box is 90 px wide");
    EXPECT_COLOUR(f, n, 225, 90, black, "the turned box is 90 px wide");
  }
}

TEST(RenderKeyframes, KeyframesOfASpeedTwoSegmentLandAtHalfTheirOffset) {
  test::scratch_dir dir;
  const std::string clip = test::make_clip(dir.path(), "y.mp4", "yellow", 320, 180, 4, 0);
  ASSERT_FALSE(clip.empty());
  draft_builder b(320, 180, 2000000);
  auto y = b.video(clip, 320, 180);
  auto& s = b.segment(b.track("video"), y, 0, 2000000, 1, 0, 4000000, 2.0);
  s["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  add_keyframes(s, "KFTypePositionX", {{0, -0.5}, {2000000, 0.5}});
  auto out = test::render_local(test::parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {15, 30, 45});
  // 0.5 s = source 1 s: X 0, box x 80..240.
  EXPECT_COLOUR(f, 15, 96, 90, yellow, "X 0 at 0.5 s");
  EXPECT_COLOUR(f, 15, 256, 90, black, "X 0 at 0.5 s");
  // 1 s = source 2 s: the last keyframe, X 0.5, box x 160..320; held after it.
  for (int64_t n : {30, 45}) {
    EXPECT_COLOUR(f, n, 176, 90, yellow, "X 0.5 from 1 s");
    EXPECT_COLOUR(f, n, 144, 90, black, "X 0.5 from 1 s");
  }
}

TEST(RenderKeyframes, VolumeKeyframesRampTheSound) {
  test::scratch_dir dir;
  const std::string clip = test::make_clip(dir.path(), "tone.mp4", "red", 320, 180, 4, 440);
  ASSERT_FALSE(clip.empty());
  draft_builder b(320, 180, 4000000);
  auto m = b.video(clip, 320, 180);
  auto& s = b.segment(b.track("video"), m, 0, 4000000, 1);
  add_keyframes(s, "KFTypeVolume", {{1000000, 1.0}, {2000000, 0.25}, {3000000, 0.25}});
  auto out = test::render_local(test::parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const double full = -21.07; // a sine of amplitude 1/8
  struct window {
    double t0, t1, gain;
  };
  for (const window& w : {window{0.2, 0.8, 1.0},     // held before the first keyframe
                          window{1.45, 1.55, 0.625}, // half-way down the ramp
                          window{2.2, 2.8, 0.25}, window{3.2, 3.8, 0.25}}) { // held after
    auto db = testing::audio_rms_db(out.output, w.t0, w.t1);
    ASSERT_TRUE(db);
    EXPECT_NEAR(*db, full + 20 * std::log10(w.gain), 1.5) << w.t0 << ".." << w.t1 << " s";
  }
}

TEST(RenderKeyframes, SaturationKeyframeOfMinusOneGreysTheColour) {
  test::scratch_dir dir;
  const std::string clip = test::make_clip(dir.path(), "red.mp4", "red", 320, 180, 2, 0);
  ASSERT_FALSE(clip.empty());
  draft_builder b(320, 180, 2000000);
  auto m = b.video(clip, 320, 180);
  auto& s = b.segment(b.track("video"), m, 0, 2000000, 1);
  add_keyframes(s, "KFTypeSaturation", {{500000, 0.0}, {1000000, -1.0}});
  auto out = test::render_local(test::parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {6, 45});
  EXPECT_COLOUR(f, 6, 160, 90, red, "saturation 0 leaves the colour");
  const rgb grey = f.at(45).at(160, 90);
  EXPECT_LE(std::max({grey.r, grey.g, grey.b}) - std::min({grey.r, grey.g, grey.b}), 12)
      << "not grey: " << test::text(grey);
  EXPECT_GT(grey.g, 40) << "grey, not black: " << test::text(grey);
}

} // namespace
} // namespace cutqueue::render
