// The polygon rasteriser only measures distances near the outline and only to the edges a
// quadtree keeps; here every pixel is checked against a brute-force distance to all edges.
#include "render/mask_outline.hpp"
#include "render/mask_polygon.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace cutqueue::render::mask_detail {
namespace {

double segment_distance(const point& p, const point& a, const point& b) {
  double ex = b.x - a.x, ey = b.y - a.y;
  double t = std::clamp(((p.x - a.x) * ex + (p.y - a.y) * ey) / (ex * ex + ey * ey), 0.0, 1.0);
  return std::hypot(p.x - a.x - t * ex, p.y - a.y - t * ey);
}

/// Even-odd: inside when an odd number of edges cross the row left of the point.
bool inside(const std::vector<point>& poly, const point& p) {
  bool in = false;
  for (size_t i = 0; i < poly.size(); ++i) {
    const point& a = poly[i];
    const point& b = poly[(i + 1) % poly.size()];
    if ((a.y <= p.y) != (b.y <= p.y) && a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y) <= p.x)
      in = !in;
  }
  return in;
}

std::vector<point> placed(std::vector<point> outline, double cx, double cy, double degrees) {
  mask_frame f;
  f.cx = cx;
  f.cy = cy;
  f.cos = std::cos(degrees * M_PI / 180);
  f.sin = std::sin(degrees * M_PI / 180);
  for (point& p : outline)
    f.to_picture(p.x, p.y, p.x, p.y);
  return outline;
}

struct ramp_case {
  double width;
  bool invert;
};

/// Brute-force signed distances at every pixel centre (positive inside).
std::vector<double> brute_force(const std::vector<point>& poly, int w, int h) {
  std::vector<double> sd(static_cast<size_t>(w) * h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const point c{x + 0.5, y + 0.5};
      double d = std::numeric_limits<double>::infinity();
      for (size_t i = 0; i < poly.size(); ++i)
        d = std::min(d, segment_distance(c, poly[i], poly[(i + 1) % poly.size()]));
      sd[static_cast<size_t>(y) * w + x] = inside(poly, c) ? d : -d;
    }
  return sd;
}

void expect_matches_brute_force(const std::vector<point>& poly, int w, int h,
                                const std::vector<ramp_case>& cases) {
  const std::vector<double> sd = brute_force(poly, w, h);
  for (const ramp_case& rc : cases) {
    const coverage_ramp ramp(rc.width, rc.invert);
    std::vector<uint8_t> out(sd.size());
    raster_polygon(poly, ramp, w, h, out.data());
    int worst = 0, partial = 0;
    for (size_t i = 0; i < sd.size(); ++i) {
      const int want = ramp(sd[i]);
      worst = std::max(worst, std::abs(want - out[i]));
      partial += want != 0 && want != 255;
    }
    // Float distances in the leaves: at most a rounding step apart.
    EXPECT_LE(worst, 1) << "ramp " << rc.width << (rc.invert ? " inverted" : "");
    EXPECT_GT(partial, 0);
  }
}

TEST(MaskPolygon, HeartMatchesBruteForce) {
  // Odd sizes (partial quadtree leaves), rotated, and partly off the picture.
  const auto heart = placed(heart_outline(180, 150, 0.05), 200, 80, 17);
  expect_matches_brute_force(heart, 301, 203, {{1, false}, {9, false}, {60, false}, {9, true}});
}

TEST(MaskPolygon, StarMatchesBruteForce) {
  const auto star = placed(star_outline(160, 170), 120, 110, -33);
  expect_matches_brute_force(star, 257, 199, {{1, false}, {9, false}, {60, false}});
}

TEST(MaskPolygon, ThinAndDegenerateOutlines) {
  // A sliver one tenth of a pixel thick, and outlines with repeated or too few vertices.
  expect_matches_brute_force({{10, 10}, {90, 10.1}, {90, 10.2}}, 100, 30, {{1, false}});
  std::vector<point> repeated = {{10, 10}, {10, 10}, {50, 10}, {50, 40}, {50, 40}, {10, 40}};
  expect_matches_brute_force(repeated, 64, 48, {{3, false}});
  std::vector<uint8_t> out(20 * 10, 7);
  raster_polygon({{1, 1}, {5, 5}}, coverage_ramp(1, false), 20, 10, out.data());
  EXPECT_EQ(*std::max_element(out.begin(), out.end()), 0);
}

TEST(MaskOutline, HeartAndStarFillTheirBoxes) {
  for (const auto& outline : {heart_outline(300, 200, 0.05), star_outline(300, 200)}) {
    double x0 = 1e9, x1 = -1e9, y0 = 1e9, y1 = -1e9;
    for (const point& p : outline) {
      x0 = std::min(x0, p.x);
      x1 = std::max(x1, p.x);
      y0 = std::min(y0, p.y);
      y1 = std::max(y1, p.y);
    }
    EXPECT_NEAR(x0, -150, 0.05);
    EXPECT_NEAR(x1, 150, 0.05);
    EXPECT_NEAR(y0, -100, 0.1); // the lobes peak between vertices
    EXPECT_NEAR(y1, 100, 0.05);
  }
  EXPECT_EQ(star_outline(1, 1).size(), 10u);
  // Flattened to the tolerance: more vertices for a bigger heart, never thousands here.
  EXPECT_LT(heart_outline(100, 100, 0.05).size(), heart_outline(1000, 1000, 0.05).size());
  EXPECT_LT(heart_outline(4000, 4000, 0.05).size(), 4096u);
}

} // namespace
} // namespace cutqueue::render::mask_detail
