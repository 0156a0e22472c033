// The animation curves: fades linear (the fixtures expect 50 % half-way), slides with the right
// signs (+y is up), wipes from the right edge, easing at its ends, and the loop shapes (blink
// dips, swing tilts, pulse grows, bounce hops up).
#include "render/animation_catalog.hpp"
#include "render/animation_state.hpp"
#include "render/look_easing.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace cutqueue::render {
namespace {

animation_state at(animation_kind k, const std::string& name, double p) {
  return animation_state_at(animation_look_for(k, "", name), k, p);
}

TEST(AnimationState, FadesAreLinear) {
  for (auto k : {animation_kind::video_in, animation_kind::text_in}) {
    EXPECT_DOUBLE_EQ(at(k, "渐显", 0.0).alpha, 0.0);
    EXPECT_DOUBLE_EQ(at(k, "渐显", 0.5).alpha, 0.5);
    EXPECT_DOUBLE_EQ(at(k, "渐显", 0.25).alpha, 0.25);
    EXPECT_DOUBLE_EQ(at(k, "渐显", 1.0).alpha, 1.0);
  }
  for (auto k : {animation_kind::video_out, animation_kind::text_out}) {
    EXPECT_DOUBLE_EQ(at(k, "渐隐", 0.0).alpha, 1.0);
    EXPECT_DOUBLE_EQ(at(k, "渐隐", 0.5).alpha, 0.5);
    EXPECT_DOUBLE_EQ(at(k, "渐隐", 1.0).alpha, 0.0);
  }
  // A fade moves nothing.
  const animation_state s = at(animation_kind::video_in, "渐显", 0.3);
  EXPECT_EQ(s.dx, 0.0);
  EXPECT_EQ(s.scale, 1.0);
  EXPECT_EQ(s.reveal, 1.0);
}

TEST(AnimationState, ProgressIsClamped) {
  EXPECT_DOUBLE_EQ(at(animation_kind::video_in, "渐显", -1.0).alpha, 0.0);
  EXPECT_DOUBLE_EQ(at(animation_kind::video_in, "渐显", 2.0).alpha, 1.0);
  EXPECT_DOUBLE_EQ(at(animation_kind::video_in, "渐显", std::nan("")).alpha, 0.0);
}

TEST(AnimationState, SlidesInComeFromBehindTheirMotion) {
  // 向右滑动 moves right: it starts on the left (dx < 0) and lands at 0.
  const animation_state right0 = at(animation_kind::video_in, "向右滑动", 0.0);
  EXPECT_DOUBLE_EQ(right0.dx, -2.0); // a whole canvas: just off screen
  EXPECT_DOUBLE_EQ(right0.dy, 0.0);
  EXPECT_DOUBLE_EQ(right0.alpha, 1.0); // a picture slide does not fade
  EXPECT_GT(at(animation_kind::video_in, "向左滑动", 0.0).dx, 0.0);
  // +y is up: sliding up starts below (dy < 0), sliding down starts above.
  EXPECT_LT(at(animation_kind::video_in, "向上滑动", 0.0).dy, 0.0);
  EXPECT_GT(at(animation_kind::video_in, "向下滑动", 0.0).dy, 0.0);
  EXPECT_LT(at(animation_kind::text_in, "向上滑动", 0.0).dy, 0.0);
  // Eased out: more than half the way is covered at half the time.
  EXPECT_GT(at(animation_kind::video_in, "向右滑动", 0.5).dx, -1.0);
  EXPECT_LT(at(animation_kind::video_in, "向右滑动", 0.5).dx, 0.0);
}

TEST(AnimationState, SlidesOutEndAheadOfTheirMotion) {
  EXPECT_GT(at(animation_kind::video_out, "向上滑动", 1.0).dy, 0.0);
  EXPECT_LT(at(animation_kind::video_out, "向下滑动", 1.0).dy, 0.0);
  EXPECT_LT(at(animation_kind::video_out, "向左滑动", 1.0).dx, 0.0);
  EXPECT_GT(at(animation_kind::text_out, "向右滑动", 1.0).dx, 0.0);
  // A caption slides a short way and fades out.
  const animation_state text = at(animation_kind::text_out, "向右滑动", 1.0);
  EXPECT_LT(text.dx, 1.0);
  EXPECT_DOUBLE_EQ(text.alpha, 0.0);
  // Eased in: less than half the way at half the time.
  EXPECT_LT(at(animation_kind::video_out, "向右滑动", 0.5).dx, 1.0);
}

TEST(AnimationState, ZoomsAndRotations) {
  EXPECT_DOUBLE_EQ(at(animation_kind::video_in, "放大", 0.0).scale, 0.5); // grows into place
  EXPECT_DOUBLE_EQ(at(animation_kind::video_in, "缩小", 0.0).scale, 2.0); // shrinks into place
  EXPECT_DOUBLE_EQ(at(animation_kind::video_out, "放大", 1.0).scale, 2.0);
  EXPECT_DOUBLE_EQ(at(animation_kind::video_out, "缩小", 1.0).scale, 0.5);
  // A clockwise turn: an in starts a turn behind.
  EXPECT_DOUBLE_EQ(at(animation_kind::video_in, "旋转", 0.0).rotation, -360.0);
  EXPECT_DOUBLE_EQ(at(animation_kind::video_out, "旋转", 1.0).rotation, 360.0);
}

TEST(AnimationState, WipesRevealFromTheEdgeBehindTheirSweep) {
  const animation_state start = at(animation_kind::text_in, "向右擦除", 0.0);
  EXPECT_DOUBLE_EQ(start.reveal, 0.0);
  EXPECT_EQ(start.reveal_from, 0); // sweeping right, it grows from the left edge
  const double half = at(animation_kind::text_in, "向右擦除", 0.5).reveal;
  EXPECT_GT(half, 0.0);
  EXPECT_LT(half, 1.0);
  EXPECT_EQ(at(animation_kind::text_in, "向左擦除", 0.0).reveal_from, 1);
  EXPECT_EQ(at(animation_kind::text_in, "向上擦除", 0.0).reveal_from, 3);
  EXPECT_EQ(at(animation_kind::text_in, "向下擦除", 0.0).reveal_from, 2);
  // An out sweeping right leaves the right-hand part until nothing is left.
  const animation_state out = at(animation_kind::text_out, "向右擦除", 1.0);
  EXPECT_DOUBLE_EQ(out.reveal, 0.0);
  EXPECT_EQ(out.reveal_from, 1);
  // A typewriter types from the left, linearly, and takes the text back from its end.
  EXPECT_DOUBLE_EQ(at(animation_kind::text_in, "打字机 I", 0.5).reveal, 0.5);
  EXPECT_EQ(at(animation_kind::text_in, "打字机 I", 0.5).reveal_from, 0);
  EXPECT_EQ(at(animation_kind::text_out, "打字机 I", 0.5).reveal_from, 0);
}

TEST(AnimationState, BlinkDipsOncePerCycle) {
  double lowest = 1.0;
  int dips = 0;
  bool low = false;
  for (int i = 0; i <= 100; ++i) {
    const double a = at(animation_kind::text_loop, "闪烁", i / 100.0).alpha;
    lowest = std::min(lowest, a);
    if (a < 0.3 && !low)
      ++dips;
    low = a < 0.3;
    EXPECT_GE(a, 0.0);
    EXPECT_LE(a, 1.0);
  }
  EXPECT_LT(lowest, 0.3);
  EXPECT_EQ(dips, 1);
}

TEST(AnimationState, LoopShapes) {
  // Swing tilts both ways by its amplitude.
  EXPECT_NEAR(at(animation_kind::text_loop, "摇摆", 0.25).rotation, 15.0, 1e-9);
  EXPECT_NEAR(at(animation_kind::text_loop, "摇摆", 0.75).rotation, -15.0, 1e-9);
  // A heartbeat grows to its peak half-way.
  EXPECT_NEAR(at(animation_kind::text_loop, "心跳", 0.5).scale, 1.15, 1e-9);
  // A bounce hops up (+y), never below its place.
  for (int i = 0; i <= 20; ++i)
    EXPECT_GE(at(animation_kind::text_loop, "跳动", i / 20.0).dy, 0.0);
  EXPECT_NEAR(at(animation_kind::text_loop, "跳动", 0.5).dy, 0.1, 1e-9);
  // A shake jitters a little.
  double widest = 0.0;
  for (int i = 0; i <= 40; ++i)
    widest = std::max(widest, std::abs(at(animation_kind::text_loop, "颤抖", i / 40.0).dx));
  EXPECT_GT(widest, 0.01);
  EXPECT_LT(widest, 0.1);
  // A rotate loop turns once per cycle; a still loop stays still.
  EXPECT_NEAR(at(animation_kind::text_loop, "旋转", 0.5).rotation, 180.0, 1e-9);
  const animation_state still = at(animation_kind::text_loop, "彩虹", 0.4);
  EXPECT_EQ(still.alpha, 1.0);
  EXPECT_EQ(still.scale, 1.0);
}

TEST(AnimationState, InOscillationsSettleAndOutsGrow) {
  // A blink in flickers: dark at the start and somewhere in between, shown at the end.
  EXPECT_NEAR(at(animation_kind::text_in, "闪动", 0.0).alpha, 0.0, 1e-9);
  EXPECT_NEAR(at(animation_kind::text_in, "闪动", 0.4).alpha, 0.0, 1e-9);
  EXPECT_NEAR(at(animation_kind::text_in, "闪动", 1.0).alpha, 1.0, 1e-9);
  EXPECT_NEAR(at(animation_kind::text_out, "闪动", 1.0).alpha, 0.0, 1e-9);
  // A vertical shake moves only vertically.
  const animation_state shake = at(animation_kind::video_in, "上下抖动", 0.1);
  EXPECT_EQ(shake.dx, 0.0);
  EXPECT_NE(shake.dy, 0.0);
}

TEST(AnimationState, EasingsHitTheirEnds) {
  for (easing e : {easing::linear, easing::smooth, easing::overshoot, easing::bounce}) {
    EXPECT_NEAR(ease_out(e, 0.0), 0.0, 1e-12);
    EXPECT_NEAR(ease_out(e, 1.0), 1.0, 1e-12);
    EXPECT_NEAR(ease_in(e, 0.0), 0.0, 1e-12);
    EXPECT_NEAR(ease_in(e, 1.0), 1.0, 1e-12);
  }
  EXPECT_GT(ease_out(easing::smooth, 0.5), 0.5);
  EXPECT_LT(ease_in(easing::smooth, 0.5), 0.5);
  double peak = 0.0;
  for (int i = 0; i <= 100; ++i)
    peak = std::max(peak, ease_out(easing::overshoot, i / 100.0));
  EXPECT_GT(peak, 1.05); // it does overshoot
}

} // namespace
} // namespace cutqueue::render
