// The pixel machinery under caption rasterisation: coverage unions, the box-blur gaussian and
// "over" compositing into straight alpha.
#include "render/raster_layers.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

namespace cutqueue::render {
namespace {

coverage square(int left, int top, int size, uint8_t value = 255) {
  coverage c;
  c.left = left;
  c.top = top;
  c.width = c.height = size;
  c.a.assign(static_cast<size_t>(size) * size, value);
  return c;
}

double total(const coverage_plane& p) {
  double t = 0;
  for (int y = 0; y < p.height(); ++y)
    for (int x = 0; x < p.width(); ++x)
      t += p.at(x, y);
  return t;
}

TEST(RasterLayers, BoxWidthsMatchTheGaussianVariance) {
  for (double sigma : {0.8, 2.0, 5.5, 17.0}) {
    double variance = 0;
    for (int w : gaussian_boxes(sigma)) {
      EXPECT_EQ(w % 2, 1) << "odd widths keep the blur centred";
      variance += (w * w - 1) / 12.0;
    }
    EXPECT_NEAR(std::sqrt(variance), sigma, 0.35 + 0.05 * sigma) << sigma;
  }
}

TEST(RasterLayers, UnionNeverExceedsFullCoverage) {
  coverage_plane p(20, 20);
  p.unite(square(2, 2, 6, 128), 0, 0);
  p.unite(square(4, 4, 6, 128), 0, 0);
  EXPECT_NEAR(p.at(3, 3), 128 / 255.0, 1e-6);
  const double a = 128 / 255.0;
  EXPECT_NEAR(p.at(5, 5), a + a - a * a, 1e-6) << "overlapping glyph edges do not double up";
  p.unite(square(0, 0, 3), 0, 0);
  EXPECT_FLOAT_EQ(p.at(1, 1), 1.0f);
  // Shifted and clipped at the plane's edge without harm.
  p.unite(square(15, 15, 10), 2, 2);
  EXPECT_FLOAT_EQ(p.at(19, 19), 1.0f);
  EXPECT_FLOAT_EQ(p.at(16, 16), 0.0f);
}

TEST(RasterLayers, BlurSpreadsCoverageKeepingItsMassAndCentre) {
  coverage_plane p(101, 101);
  p.unite(square(45, 45, 11), 0, 0);
  const double before = total(p);
  p.blur(4);
  EXPECT_NEAR(total(p), before, before * 1e-4) << "nothing lost inside the margin";
  EXPECT_LT(p.at(50, 50), 0.99f) << "the centre softens";
  EXPECT_GT(p.at(50, 36), 0.001f) << "coverage reaches about 2 sigma past the edge";
  EXPECT_FLOAT_EQ(p.at(50, 10), 0.0f);
  // Symmetric: the same on every side of the square.
  EXPECT_NEAR(p.at(50, 40), p.at(50, 60), 1e-5);
  EXPECT_NEAR(p.at(40, 50), p.at(60, 50), 1e-5);
  EXPECT_NEAR(p.at(40, 50), p.at(50, 40), 1e-5);
}

TEST(RasterLayers, CompositesOverInOrderIntoStraightAlpha) {
  coverage_plane below(4, 1), above(4, 1);
  below.unite(square(0, 0, 1), 0, 0); // pixel 0: only the red below
  coverage both;
  both.left = 1;
  both.width = 2;
  both.height = 1;
  both.a = {255, 128};
  below.unite(both, 0, 0);
  above.unite(both, 0, 0); // pixel 1: blue fully over red; pixel 2: half over half
  auto out = composite_rgba8(4, 1, {{&below, {1, 0, 0, 1}}, {&above, {0, 0, 1, 1}}}, 1.0);
  ASSERT_EQ(out.size(), 16u);
  EXPECT_EQ(out[0], 255);
  EXPECT_EQ(out[3], 255);
  EXPECT_EQ(out[4 + 0], 0);
  EXPECT_EQ(out[4 + 2], 255);
  // Pixel 2: red at a = .5, blue at .5 over it: alpha .75, colour 1/3 red, 2/3 blue.
  EXPECT_NEAR(out[8 + 3], 0.75 * 255, 1);
  EXPECT_NEAR(out[8 + 0], 255 / 3.0, 1);
  EXPECT_NEAR(out[8 + 2], 2 * 255 / 3.0, 1);
  EXPECT_EQ(out[12 + 3], 0) << "untouched pixels stay transparent";
  // Opacity scales alpha only.
  auto faded = composite_rgba8(4, 1, {{&below, {1, 0, 0, 1}}, {&above, {0, 0, 1, 1}}}, 0.5);
  EXPECT_NEAR(faded[3], 128, 1);
  EXPECT_EQ(faded[0], 255);
}

} // namespace
} // namespace cutqueue::render
