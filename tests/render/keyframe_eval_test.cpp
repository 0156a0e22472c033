// keyframe_eval: a segment's keyframed value at a point of its time on the timeline.
#include "render/keyframe_eval.hpp"
#include "tests/render/draft_fragments.hpp"

#include <gtest/gtest.h>

namespace cutqueue::render {
namespace {

using draft::keyframe_property;
using test::add_keyframes;
using test::draft_builder;

draft::segment with_keyframes(keyframe_property p, std::vector<draft::keyframe> points,
                              double speed = 1.0) {
  draft::segment s;
  s.target = {1000000, 6000000};
  s.has_source = true;
  s.source = {0, static_cast<int64_t>(6000000 * speed)};
  s.speed = speed;
  s.keyframes.push_back({p, std::move(points)});
  return s;
}

TEST(KeyframeEval, IsLinearBetweenKeyframes) {
  auto s = with_keyframes(keyframe_property::position_x, {{0, -0.5}, {2000000, 0.5}});
  EXPECT_DOUBLE_EQ(keyframe_value(s, keyframe_property::position_x, 0, 0), -0.5);
  EXPECT_DOUBLE_EQ(keyframe_value(s, keyframe_property::position_x, 500000, 0), -0.25);
  EXPECT_DOUBLE_EQ(keyframe_value(s, keyframe_property::position_x, 1000000, 0), 0.0);
  EXPECT_DOUBLE_EQ(keyframe_value(s, keyframe_property::position_x, 2000000, 0), 0.5);
}

TEST(KeyframeEval, HoldsTheFirstValueBeforeAndTheLastAfter) {
  auto s = with_keyframes(keyframe_property::alpha, {{4000000, 1.0}, {6000000, 0.0}});
  EXPECT_DOUBLE_EQ(keyframe_value(s, keyframe_property::alpha, 0, 0.3), 1.0);
  EXPECT_DOUBLE_EQ(keyframe_value(s, keyframe_property::alpha, 3999999, 0.3), 1.0);
  EXPECT_DOUBLE_EQ(keyframe_value(s, keyframe_property::alpha, 5000000, 0.3), 0.5);
  EXPECT_DOUBLE_EQ(keyframe_value(s, keyframe_property::alpha, 6000000, 0.3), 0.0);
  EXPECT_DOUBLE_EQ(keyframe_value(s, keyframe_property::alpha, 9000000, 0.3), 0.0);
}

TEST(KeyframeEval, AKeyframedPropertyReplacesTheClipValueAndOthersKeepIt) {
  auto s = with_keyframes(keyframe_property::rotation, {{0, 90.0}, {1000000, 90.0}});
  s.clip.rotation = 30;
  EXPECT_DOUBLE_EQ(keyframe_value(s, keyframe_property::rotation, 500000, s.clip.rotation), 90.0);
  // A property without keyframes is the static clip value.
  EXPECT_DOUBLE_EQ(keyframe_value(s, keyframe_property::alpha, 500000, 0.7), 0.7);
  EXPECT_EQ(keyframes_of(s, keyframe_property::alpha), nullptr);
  ASSERT_NE(keyframes_of(s, keyframe_property::rotation), nullptr);
}

TEST(KeyframeEval, ASingleKeyframeHoldsItsValueForTheWholeSegment) {
  auto s = with_keyframes(keyframe_property::position_y, {{3000000, 0.25}});
  EXPECT_DOUBLE_EQ(keyframe_value(s, keyframe_property::position_y, 0, 0), 0.25);
  EXPECT_DOUBLE_EQ(keyframe_value(s, keyframe_property::position_y, 5999999, 0), 0.25);
}

TEST(KeyframeEval, KeyframeOffsetsAreSourceTimeSoAtSpeedTwoTheyComeAtHalfTime) {
  // A keyframe at source offset 2 s of a segment played at 2x is reached 1 s into the segment.
  auto s = with_keyframes(keyframe_property::position_x, {{0, 0.0}, {2000000, 1.0}}, 2.0);
  EXPECT_DOUBLE_EQ(keyframe_value(s, keyframe_property::position_x, 500000, 0), 0.5);
  EXPECT_DOUBLE_EQ(keyframe_value(s, keyframe_property::position_x, 1000000, 0), 1.0);
  EXPECT_DOUBLE_EQ(keyframe_value(s, keyframe_property::position_x, 1500000, 0), 1.0);
  // At half speed the same keyframe comes at 4 s.
  auto slow = with_keyframes(keyframe_property::position_x, {{0, 0.0}, {2000000, 1.0}}, 0.5);
  EXPECT_DOUBLE_EQ(keyframe_value(slow, keyframe_property::position_x, 2000000, 0), 0.5);
  EXPECT_DOUBLE_EQ(keyframe_value(slow, keyframe_property::position_x, 4000000, 0), 1.0);
}

TEST(KeyframeEval, ScaleXWithUniformScaleOnDrivesBothAxes) {
  auto s = with_keyframes(keyframe_property::scale_x, {{0, 0.5}, {1000000, 1.5}});
  s.uniform_scale = true;
  s.clip.scale_x = s.clip.scale_y = 0.8;
  const scale_xy sc = keyframe_scale(s, 500000);
  EXPECT_DOUBLE_EQ(sc.x, 1.0);
  EXPECT_DOUBLE_EQ(sc.y, 1.0);
}

TEST(KeyframeEval, ScaleXWithUniformScaleOffLeavesTheClipHeight) {
  auto s = with_keyframes(keyframe_property::scale_x, {{0, 0.5}, {1000000, 1.5}});
  s.uniform_scale = false;
  s.clip.scale_y = 0.8;
  const scale_xy sc = keyframe_scale(s, 500000);
  EXPECT_DOUBLE_EQ(sc.x, 1.0);
  EXPECT_DOUBLE_EQ(sc.y, 0.8);
}

TEST(KeyframeEval, AScaleYListKeepsItsOwnAxisEvenWithUniformScaleOn) {
  auto s = with_keyframes(keyframe_property::scale_x, {{0, 0.5}, {2000000, 0.5}});
  s.keyframes.push_back({keyframe_property::scale_y, {{0, 2.0}, {2000000, 1.0}}});
  s.uniform_scale = true;
  const scale_xy sc = keyframe_scale(s, 1000000);
  EXPECT_DOUBLE_EQ(sc.x, 0.5);
  EXPECT_DOUBLE_EQ(sc.y, 1.5);
}

TEST(KeyframeEval, UniformScaleAlwaysDrivesBothAxes) {
  auto s = with_keyframes(keyframe_property::uniform_scale, {{0, 1.0}, {1000000, 3.0}});
  s.uniform_scale = false;
  s.keyframes.push_back({keyframe_property::scale_x, {{0, 9.0}}});
  const scale_xy sc = keyframe_scale(s, 500000);
  EXPECT_DOUBLE_EQ(sc.x, 2.0);
  EXPECT_DOUBLE_EQ(sc.y, 2.0);
}

TEST(KeyframeEval, WithoutScaleKeyframesTheClipScaleIsUsed) {
  draft::segment s;
  s.clip.scale_x = 0.5;
  s.clip.scale_y = 0.25;
  const scale_xy sc = keyframe_scale(s, 0);
  EXPECT_DOUBLE_EQ(sc.x, 0.5);
  EXPECT_DOUBLE_EQ(sc.y, 0.25);
}

TEST(KeyframeEval, ParsedDraftsFollowUniformScaleOn) {
  // As stored by capcut-mate: UNIFORM_SCALE becomes KFTypeScaleX with uniform_scale.on true;
  // separate X/Y keyframes set it false.
  draft_builder b(640, 360, 2000000);
  auto m = b.video("/m.mp4", 640, 360);
  auto t = b.track("video");
  auto& uniform = b.segment(t, m, 0, 1000000, 1);
  uniform["uniform_scale"] = {{"on", true}, {"value", 1.0}};
  add_keyframes(uniform, "KFTypeScaleX", {{0, 0.5}, {1000000, 0.5}});
  auto& separate = b.segment(b.track("video"), m, 1000000, 1000000, 2);
  separate["uniform_scale"] = {{"on", false}, {"value", 1.0}};
  add_keyframes(separate, "KFTypeScaleX", {{0, 0.5}, {1000000, 0.5}});
  const draft::document d = test::parse(b);
  const draft::segment& u = d.tracks[0].segments[0];
  const draft::segment& s = d.tracks[1].segments[0];
  EXPECT_DOUBLE_EQ(keyframe_scale(u, 0).y, 0.5);
  EXPECT_DOUBLE_EQ(keyframe_scale(s, 0).x, 0.5);
  EXPECT_DOUBLE_EQ(keyframe_scale(s, 0).y, 1.0);
}

} // namespace
} // namespace cutqueue::render
