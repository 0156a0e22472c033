// curve: per-frame samples of a value, linear in between, simplified and written as an FFmpeg
// expression that must evaluate to the same value as at() wherever FFmpeg evaluates it.
#include "render/curve.hpp"

#include <gtest/gtest.h>

extern "C" {
#include <libavutil/eval.h>
}

#include <cmath>
#include <string>

namespace cutqueue::render {
namespace {

/// FFmpeg's own evaluation of `expr` at t, as overlay/volume would do it.
double eval_at(const std::string& expr, double t) {
  static const char* const names[] = {"t", nullptr};
  const double values[] = {t};
  double out = NAN;
  const int rc = av_expr_parse_and_eval(&out, expr.c_str(), names, values, nullptr, nullptr,
                                        nullptr, nullptr, nullptr, 0, nullptr);
  EXPECT_GE(rc, 0) << "FFmpeg cannot parse the expression: " << expr.substr(0, 200);
  return out;
}

int if_depth(const std::string& expr) {
  int depth = 0, deepest = 0;
  for (char c : expr) {
    if (c == '(')
      deepest = std::max(deepest, ++depth);
    else if (c == ')')
      --depth;
  }
  return deepest;
}

TEST(Curve, IsLinearBetweenSamplesAndHeldBeforeAndAfter) {
  curve c;
  c.add(1.0, 10.0);
  c.add(2.0, 20.0);
  c.add(4.0, 0.0);
  EXPECT_DOUBLE_EQ(c.at(0.0), 10.0); // before the first: held
  EXPECT_DOUBLE_EQ(c.at(1.0), 10.0);
  EXPECT_DOUBLE_EQ(c.at(1.25), 12.5); // a quarter of the way
  EXPECT_DOUBLE_EQ(c.at(2.0), 20.0);
  EXPECT_DOUBLE_EQ(c.at(3.0), 10.0);
  EXPECT_DOUBLE_EQ(c.at(4.0), 0.0);
  EXPECT_DOUBLE_EQ(c.at(9.0), 0.0); // after the last: held
}

TEST(Curve, EmptyIsZeroAndOneSampleIsConstant) {
  curve empty;
  EXPECT_DOUBLE_EQ(empty.at(3), 0.0);
  EXPECT_EQ(empty.expression("t"), "0");
  curve one(0.25);
  EXPECT_TRUE(one.constant());
  EXPECT_DOUBLE_EQ(one.at(-5), 0.25);
  EXPECT_DOUBLE_EQ(one.at(5), 0.25);
  EXPECT_DOUBLE_EQ(eval_at(one.expression("t"), 7), 0.25);
}

TEST(Curve, AStepAtOneInstantJumpsToTheNewValue) {
  curve c;
  c.add(0, 0);
  c.add(1, 0);
  c.add(1, 5); // two samples at the same time: a step
  c.add(2, 5);
  EXPECT_DOUBLE_EQ(c.at(0.999), 0.0);
  EXPECT_DOUBLE_EQ(c.at(1.5), 5.0);
}

TEST(Curve, SimplifyDropsCollinearSamplesOfALinearRamp) {
  curve c;
  for (int k = 0; k <= 300; ++k)
    c.add(k / 30.0, 100.0 + 3.0 * k); // one sample per frame of a linear keyframe ramp
  c.simplify(0.01);
  ASSERT_EQ(c.points().size(), 2u);
  EXPECT_DOUBLE_EQ(c.points().front().v, 100.0);
  EXPECT_DOUBLE_EQ(c.points().back().v, 1000.0);
  EXPECT_NEAR(c.at(5.0), 550.0, 1e-9);
}

TEST(Curve, SimplifyKeepsTheCornersOfPiecewiseLinearMotion) {
  // Still, then moving right, then still: the two corners must stay.
  curve c;
  for (int k = 0; k <= 90; ++k) {
    double v = k < 30 ? 0.0 : k < 60 ? (k - 30) * 4.0 : 120.0;
    c.add(k / 30.0, v);
  }
  c.simplify(0.01);
  ASSERT_EQ(c.points().size(), 4u);
  EXPECT_NEAR(c.points()[1].t, 1.0, 1e-9);
  EXPECT_NEAR(c.points()[2].t, 2.0, 1e-9);
  for (int k = 0; k <= 90; ++k)
    EXPECT_NEAR(c.at(k / 30.0), k < 30 ? 0.0 : k < 60 ? (k - 30) * 4.0 : 120.0, 1e-9) << k;
}

TEST(Curve, SimplifyOfAConstantLeavesOneSample) {
  curve c;
  for (int k = 0; k < 50; ++k)
    c.add(k, 7.0);
  c.simplify(0.01);
  EXPECT_EQ(c.points().size(), 1u);
  EXPECT_TRUE(c.constant());
  EXPECT_EQ(c.expression("t"), "7");
}

TEST(Curve, SimplifiedCurveStaysWithinToleranceOfEverySample) {
  // A gentle ease (second differences below the tolerance): every sample may look collinear
  // with its neighbours, but the merged line must still pass within the tolerance of each one,
  // or a slow slide drifts off its path.
  curve c, original;
  for (int k = 0; k <= 120; ++k) {
    const double t = k / 30.0, v = 0.001 * k * k;
    c.add(t, v);
    original.add(t, v);
  }
  const double tolerance = 0.01;
  c.simplify(tolerance);
  EXPECT_LT(c.points().size(), original.points().size());
  for (const auto& p : original.points())
    EXPECT_NEAR(c.at(p.t), p.v, tolerance + 1e-9) << "t=" << p.t;
}

TEST(Curve, ExpressionEvaluatesLikeAtInFfmpeg) {
  curve c;
  c.add(0.5, -1.0);
  c.add(1.0, 3.0);
  c.add(1.5, 3.0);
  c.add(3.0, -0.25);
  const std::string e = c.expression("t");
  for (double t = 0.0; t <= 3.5; t += 0.01)
    EXPECT_NEAR(eval_at(e, t), c.at(t), 1e-5) << "t=" << t;
}

TEST(Curve, ThousandsOfSamplesStayAShallowExpressionThatMatchesAt) {
  curve c;
  const int n = 2400; // 80 s of per-frame samples that never lie on a line
  for (int k = 0; k < n; ++k)
    c.add(k / 30.0, 200.0 * std::sin(k * 0.37) + 0.5 * k);
  const std::string e = c.expression("t");
  // A balanced tree: about log2(n) nested ifs, not one per sample.
  EXPECT_LT(if_depth(e), 3 * 16) << "nesting depth " << if_depth(e);
  for (int k = 0; k < n; k += 7) {
    const double t = k / 30.0 + 0.013; // between samples too
    EXPECT_NEAR(eval_at(e, t), c.at(t), 1e-3) << "t=" << t;
  }
  EXPECT_NEAR(eval_at(e, -1), c.at(0), 1e-6);
  EXPECT_NEAR(eval_at(e, 1000), c.points().back().v, 1e-6);
}

TEST(Curve, DecimalIsPlainFixedPointText) {
  EXPECT_EQ(decimal(0.5), "0.5");
  EXPECT_EQ(decimal(2.0), "2");
  EXPECT_EQ(decimal(-0.0000001), "0");
  EXPECT_EQ(decimal(1.0 / 3.0, 3), "0.333");
  EXPECT_EQ(decimal(NAN), "0");
}

} // namespace
} // namespace cutqueue::render
