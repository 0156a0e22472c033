// Mask coverage: the masks fixture's three masks at the points its EXPECTED.md checks, then
// each convention of the fixtures README (centre sign, rotation direction, sizes, corners,
// heart/star, invert, feather) on pictures small enough to reason about pixel by pixel.
#include "draft/parser.hpp"
#include "render/mask_raster.hpp"
#include "tests/support/test_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace cutqueue::render {
namespace {

using draft::mask_material;
using points = std::vector<std::pair<int, int>>;

mask_material mask(const std::string& name, double width, double height) {
  mask_material m;
  m.name = name;
  m.width = width;
  m.height = height;
  return m;
}

struct picture {
  int w = 0, h = 0;
  std::vector<uint8_t> px;
  int at(int x, int y) const { return px[static_cast<size_t>(y) * w + x]; }
};

picture draw(const mask_material& m, int w, int h) {
  picture p{w, h, {}};
  EXPECT_TRUE(rasterize_mask(m, w, h, p.px)) << m.name << " " << w << "x" << h;
  EXPECT_EQ(p.px.size(), static_cast<size_t>(w) * h);
  if (p.px.size() != static_cast<size_t>(w) * h)
    p.px.assign(static_cast<size_t>(w) * h, 127); // keeps at() in bounds; the checks fail
  return p;
}

// All points here are at least a pixel from any edge, so coverage is exactly full or none.
void expect_shown(const picture& p, const points& pts, const std::string& what) {
  for (auto [x, y] : pts)
    EXPECT_EQ(p.at(x, y), 255) << what << ": (" << x << "," << y << ") should be shown";
}

void expect_hidden(const picture& p, const points& pts, const std::string& what) {
  for (auto [x, y] : pts)
    EXPECT_EQ(p.at(x, y), 0) << what << ": (" << x << "," << y << ") should be hidden";
}

int row_max(const picture& p, int y) {
  auto row = p.px.begin() + static_cast<ptrdiff_t>(y) * p.w;
  return *std::max_element(row, row + p.w);
}

// --- the masks fixture (640x360 material, masks/EXPECTED.md) -------------------------------

const points circle_in = {{320, 180}, {320, 112}, {388, 180}, {368, 228}};
const points circle_out = {{320, 60}, {440, 180}, {405, 265}, {20, 20}, {620, 340}};
const points rect_in = {{400, 180}, {256, 180}, {544, 180}, {400, 136}, {400, 224}};
const points rect_out = {{224, 180}, {576, 180}, {400, 104}, {400, 256}, {20, 20}, {100, 180}};

TEST(MaskRaster, FixtureCircleIsADiscOfDiameter180) {
  picture p = draw(mask("圆形", 0.28125, 0.5), 640, 360);
  expect_shown(p, circle_in, "circle");
  expect_hidden(p, circle_out, "circle");
  // Radius 90 exactly: the last shown pixel to the right of the centre is 409 (centre 409.5).
  EXPECT_EQ(p.at(408, 180), 255);
  EXPECT_EQ(p.at(410, 180), 0);
}

TEST(MaskRaster, FixtureRectangleSpans240To560By120To240) {
  mask_material m = mask("矩形", 0.5, 0.3333);
  m.center_x = 0.25;
  picture p = draw(m, 640, 360);
  expect_shown(p, rect_in, "rectangle");
  expect_hidden(p, rect_out, "rectangle");
  // The edges themselves, to the pixel.
  EXPECT_EQ(p.at(239, 180), 0);
  EXPECT_EQ(p.at(240, 180), 255);
  EXPECT_EQ(p.at(559, 180), 255);
  EXPECT_EQ(p.at(560, 180), 0);
  EXPECT_EQ(p.at(400, 119), 0);
  EXPECT_EQ(p.at(400, 121), 255);
  EXPECT_EQ(p.at(400, 238), 255);
  EXPECT_EQ(p.at(400, 240), 0);
}

TEST(MaskRaster, FixtureInvertedCircleCutsTheDiscOut) {
  mask_material m = mask("圆形", 0.28125, 0.5);
  m.invert = true;
  picture p = draw(m, 640, 360);
  expect_hidden(p, circle_in, "inverted circle");
  expect_shown(p, circle_out, "inverted circle");
}

// --- conventions -----------------------------------------------------------------------------

TEST(MaskRaster, PositiveCenterYMovesTheShapeUp) {
  mask_material m = mask("圆形", 0.25, 0.25); // 100 px on 400x400
  m.center_y = 0.5;                           // a quarter of the height: centre row 100
  picture up = draw(m, 400, 400);
  expect_shown(up, {{200, 100}, {200, 60}, {200, 140}}, "centerY +0.5");
  expect_hidden(up, {{200, 200}, {200, 300}}, "centerY +0.5");
  m.center_y = -0.5;
  picture down = draw(m, 400, 400);
  expect_shown(down, {{200, 300}}, "centerY -0.5");
  expect_hidden(down, {{200, 100}, {200, 200}}, "centerY -0.5");
  m.center_y = 0;
  m.center_x = -0.5; // and +x is right, so -0.5 is left
  picture left = draw(m, 400, 400);
  expect_shown(left, {{100, 200}}, "centerX -0.5");
  expect_hidden(left, {{300, 200}}, "centerX -0.5");
}

TEST(MaskRaster, RotationIsClockwiseAboutTheMaskCentre) {
  mask_material m = mask("矩形", 0.5, 0.1); // 200 x 40 px bar on 400x400
  picture flat = draw(m, 400, 400);
  expect_shown(flat, {{280, 200}, {120, 200}}, "bar at 0°");
  expect_hidden(flat, {{256, 256}, {256, 144}}, "bar at 0°");
  m.rotation = 45; // clockwise on screen: the right end goes down
  picture turned = draw(m, 400, 400);
  expect_shown(turned, {{256, 256}, {143, 143}, {200, 200}}, "bar at 45°");
  expect_hidden(turned, {{280, 200}, {256, 144}, {143, 256}}, "bar at 45°");
}

TEST(MaskRaster, LineKeepsTheSideAboveTurningClockwise) {
  mask_material m = mask("线性", 1, 1);
  const points top = {{200, 100}}, bottom = {{200, 300}}, left = {{100, 200}}, right = {{300, 200}};
  picture p0 = draw(m, 400, 400);
  expect_shown(p0, top, "line 0°");
  expect_hidden(p0, bottom, "line 0°");
  EXPECT_EQ(p0.at(200, 199), 255); // the line is row 200's top edge
  EXPECT_EQ(p0.at(200, 200), 0);
  m.rotation = 90;
  picture p90 = draw(m, 400, 400);
  expect_shown(p90, right, "line 90°");
  expect_hidden(p90, left, "line 90°");
  m.rotation = 180;
  picture p180 = draw(m, 400, 400);
  expect_shown(p180, bottom, "line 180°");
  expect_hidden(p180, top, "line 180°");
  m.rotation = -90;
  picture p270 = draw(m, 400, 400);
  expect_shown(p270, left, "line -90°");
  expect_hidden(p270, right, "line -90°");
  // Through its centre, wherever that is.
  m.rotation = 0;
  m.center_y = 0.5;
  picture high = draw(m, 400, 400);
  expect_shown(high, {{200, 90}}, "line at centerY 0.5");
  expect_hidden(high, {{200, 110}, {200, 200}}, "line at centerY 0.5");
}

TEST(MaskRaster, MirrorKeepsABandHeightThick) {
  mask_material m = mask("镜面", 0.1, 0.25); // width is not used; 100 px band, rows 150..249
  picture p = draw(m, 400, 400);
  expect_shown(p, {{200, 150}, {200, 249}, {0, 200}, {399, 200}}, "mirror");
  expect_hidden(p, {{200, 149}, {200, 250}, {200, 20}}, "mirror");
  m.rotation = 90; // a vertical band, still 100 px: columns 150..249
  picture v = draw(m, 400, 400);
  expect_shown(v, {{150, 200}, {249, 200}, {200, 0}}, "mirror at 90°");
  expect_hidden(v, {{149, 200}, {250, 200}, {100, 200}}, "mirror at 90°");
}

TEST(MaskRaster, RoundCornerRoundsByHalfTheShorterSide) {
  mask_material m = mask("矩形", 0.5, 0.5); // x, y 100..300 on 400x400
  picture square = draw(m, 400, 400);
  expect_shown(square, {{101, 101}, {298, 298}, {110, 110}}, "round_corner 0");
  m.round_corner = 1; // a disc of radius 100
  picture disc = draw(m, 400, 400);
  expect_hidden(disc, {{101, 101}, {298, 298}, {110, 110}}, "round_corner 1");
  expect_shown(disc, {{200, 101}, {101, 200}, {200, 200}}, "round_corner 1");
  m.round_corner = 0.5; // radius 50 about (150, 150)
  picture half = draw(m, 400, 400);
  expect_hidden(half, {{110, 110}}, "round_corner 0.5");
  expect_shown(half, {{120, 120}, {101, 160}, {160, 101}}, "round_corner 0.5");
}

TEST(MaskRaster, HeartIsInscribedInItsBox) {
  picture p = draw(mask("爱心", 0.5, 0.5), 400, 400); // box 100..300
  expect_shown(p,
               {{200, 200}, {200, 160}, {151, 105}, {249, 105}, {200, 280}, {110, 180}, {290, 180}},
               "heart");
  // Box corners, the dip between the lobes, and beside the lower tip.
  expect_hidden(p, {{102, 102}, {297, 102}, {102, 297}, {297, 297}, {200, 120}, {130, 250}},
                "heart");
  // It fills its box: the lobes touch the top, the tip the bottom, the sides left and right.
  EXPECT_GT(row_max(p, 100), 0);
  EXPECT_EQ(row_max(p, 98), 0);
  EXPECT_GT(row_max(p, 299), 0);
  EXPECT_EQ(row_max(p, 301), 0);
  EXPECT_GT(p.at(100, 155), 0);
  EXPECT_GT(p.at(299, 155), 0);
  EXPECT_EQ(p.at(98, 155), 0);
  EXPECT_EQ(p.at(301, 155), 0);
}

TEST(MaskRaster, StarHasFivePointsPointUp) {
  picture p = draw(mask("星形", 0.5, 0.5), 400, 400); // box 100..300
  expect_shown(p, {{200, 200}, {200, 210}, {199, 115}, {218, 183}}, "star");
  // Box corners, between the top arm and either side arm near the outer radius, and between
  // the two lower arms.
  expect_hidden(
      p, {{102, 102}, {297, 102}, {102, 297}, {297, 297}, {255, 130}, {145, 130}, {200, 280}},
      "star");
  EXPECT_GT(row_max(p, 100), 0); // the top tip reaches the box
  EXPECT_EQ(row_max(p, 98), 0);
  EXPECT_GT(row_max(p, 299), 0); // and so do the two lower tips
  EXPECT_EQ(row_max(p, 301), 0);
}

// A heart and a star are symmetric about their vertical axis; so must their coverage be.
TEST(MaskRaster, HeartAndStarAreMirrorSymmetric) {
  for (const char* name : {"爱心", "星形"}) {
    mask_material m = mask(name, 0.6, 0.7);
    m.feather = 0.2;
    picture p = draw(m, 400, 300);
    int worst = 0;
    for (int y = 0; y < p.h; ++y)
      for (int x = 0; x < p.w / 2; ++x)
        worst = std::max(worst, std::abs(p.at(x, y) - p.at(p.w - 1 - x, y)));
    EXPECT_LE(worst, 1) << name;
  }
}

TEST(MaskRaster, InvertSwapsCoverageForEveryShape) {
  for (const char* name : {"线性", "镜面", "圆形", "矩形", "爱心", "星形"}) {
    mask_material m = mask(name, 0.4, 0.3);
    m.center_x = 0.1;
    m.rotation = 20;
    m.feather = 0.3;
    m.round_corner = 0.4;
    picture plain = draw(m, 240, 160);
    m.invert = true;
    picture inverted = draw(m, 240, 160);
    int worst = 0, partial = 0;
    for (size_t i = 0; i < plain.px.size(); ++i) {
      worst = std::max(worst, std::abs(255 - plain.px[i] - inverted.px[i]));
      partial += plain.px[i] != 0 && plain.px[i] != 255;
    }
    EXPECT_LE(worst, 1) << name;
    EXPECT_GT(partial, 0) << name << ": the feathered edge should be partly covered";
  }
}

TEST(MaskRaster, FeatherIsALinearRampCentredOnTheEdge) {
  // 400x400: a quarter of the shorter side is 100 px, so feather 0.4 is a 40 px ramp.
  mask_material m = mask("线性", 1, 1);
  m.feather = 0.4;
  picture line = draw(m, 400, 400);
  for (int y = 170; y < 230; ++y) {
    double d = 200 - (y + 0.5); // signed distance above the line
    double expected = 255 * std::clamp(0.5 + d / 40, 0.0, 1.0);
    EXPECT_NEAR(line.at(200, y), expected, 1) << "row " << y;
  }
  EXPECT_NEAR(line.at(200, 199), 128, 4); // on the edge
  EXPECT_EQ(line.at(200, 179), 255);      // half a ramp inside
  EXPECT_EQ(line.at(200, 220), 0);        // half a ramp outside

  mask_material c = mask("圆形", 0.5, 0.5); // radius 100 at (200, 200)
  c.feather = 0.4;
  picture disc = draw(c, 400, 400);
  for (int y = 70; y < 130; ++y) {
    double d = 100 - std::hypot(199.5 - 200, y + 0.5 - 200);
    EXPECT_NEAR(disc.at(199, y), 255 * std::clamp(0.5 + d / 40, 0.0, 1.0), 1) << "row " << y;
  }
  EXPECT_NEAR(disc.at(199, 100), 128, 4);
  EXPECT_EQ(disc.at(199, 120), 255);
  EXPECT_EQ(disc.at(199, 79), 0);

  for (const char* name : {"矩形", "爱心", "星形"}) {
    mask_material s = mask(name, 0.5, 0.5);
    s.feather = 0.4;
    picture p = draw(s, 400, 400);
    // The centre is more than half a ramp inside, the box corners half a ramp outside.
    EXPECT_EQ(p.at(200, 200), 255) << name;
    EXPECT_EQ(p.at(60, 60), 0) << name;
    EXPECT_EQ(p.at(339, 339), 0) << name;
  }
  mask_material r = mask("矩形", 0.5, 0.5); // left edge at x 100
  r.feather = 0.4;
  picture rect = draw(r, 400, 400);
  EXPECT_NEAR(rect.at(99, 200), 128, 4);
  EXPECT_NEAR(rect.at(79, 200), 0, 4);
  EXPECT_NEAR(rect.at(119, 200), 255, 4);
}

TEST(MaskRaster, HardEdgesAreOnePixelOfAntiAliasing) {
  // Rectangle edge at x = 100.25: pixel 100 (centre 100.5) is 0.25 px inside.
  mask_material m = mask("矩形", 0.49875, 0.5);
  picture p = draw(m, 400, 400);
  EXPECT_EQ(p.at(99, 200), 0);
  EXPECT_NEAR(p.at(100, 200), 255 * 0.75, 1);
  EXPECT_EQ(p.at(101, 200), 255);
}

TEST(MaskRaster, NonSquareMaterialUsesItsOwnWidthAndHeight) {
  mask_material m = mask("矩形", 0.5, 0.5);
  m.center_x = 0.5; // 800x200: 400 x 100 px, centre (600, 100): x 400..800, y 50..150
  picture p = draw(m, 800, 200);
  expect_shown(p, {{401, 100}, {798, 100}, {600, 51}, {600, 148}}, "rectangle on 800x200");
  expect_hidden(p, {{398, 100}, {600, 48}, {600, 152}, {200, 100}}, "rectangle on 800x200");

  mask_material e = mask("圆形", 0.25, 0.25); // 800x400: a 200 x 100 px ellipse
  picture flat = draw(e, 800, 400);
  expect_shown(flat, {{480, 200}}, "ellipse at 0°");
  expect_hidden(flat, {{400, 280}}, "ellipse at 0°");
  e.rotation = 90; // the long axis turns vertical, in pixels
  picture upright = draw(e, 800, 400);
  expect_shown(upright, {{400, 280}}, "ellipse at 90°");
  expect_hidden(upright, {{480, 200}}, "ellipse at 90°");

  // The feather ramp is measured on the shorter side: 200 / 4 px for feather 1 on 800x200.
  mask_material l = mask("线性", 1, 1);
  l.feather = 1;
  picture ramp = draw(l, 800, 200);
  EXPECT_NEAR(ramp.at(400, 75), 255 * (0.5 + 24.5 / 50), 1);
  EXPECT_EQ(ramp.at(400, 74), 255);
}

TEST(MaskRaster, ShapeFromResourceTypeWhenTheNameIsUnknown) {
  mask_material m = mask("", 0.5, 0.5);
  m.resource_type = "circle";
  picture p = draw(m, 100, 100);
  EXPECT_EQ(p.at(50, 50), 255);
  EXPECT_EQ(p.at(2, 2), 0);
  m.name = "矩形"; // the name wins
  picture r = draw(m, 100, 100);
  EXPECT_EQ(r.at(26, 26), 255);
}

TEST(MaskRaster, UnknownShapesAndBadSizesAreRefused) {
  std::vector<uint8_t> out(5, 1);
  mask_material m = mask("爱心形", 0.5, 0.5);
  m.resource_type = "geometric_shape"; // heart or star: only the name could tell
  EXPECT_FALSE(rasterize_mask(m, 10, 10, out));
  EXPECT_TRUE(out.empty());
  m = mask("圆形", 0.5, 0.5);
  for (auto [w, h] : std::vector<std::pair<int, int>>{
           {0, 10}, {10, 0}, {-5, 10}, {10, -1}, {max_mask_side + 1, 1}, {1, max_mask_side + 1}}) {
    out.assign(3, 1);
    EXPECT_FALSE(rasterize_mask(m, w, h, out)) << w << "x" << h;
    EXPECT_TRUE(out.empty());
  }
}

TEST(MaskRaster, TinyPicturesWork) {
  for (const char* name : {"线性", "镜面", "圆形", "矩形", "爱心", "星形"})
    for (auto [w, h] : std::vector<std::pair<int, int>>{{1, 1}, {2, 3}, {3, 2}, {1, 40}})
      for (double feather : {0.0, 1.0}) {
        mask_material m = mask(name, 0.7, 0.9);
        m.feather = feather;
        m.round_corner = 0.5;
        draw(m, w, h);
      }
  // A single pixel's centre is the mask's centre: shown by every closed shape larger than
  // the pixel (a smaller one covers it partly: its edge is within the pixel's 1 px ramp).
  for (const char* name : {"镜面", "圆形", "矩形", "爱心", "星形"}) {
    EXPECT_EQ(draw(mask(name, 4, 4), 1, 1).at(0, 0), 255) << name;
    int small = draw(mask(name, 0.3, 0.3), 1, 1).at(0, 0);
    EXPECT_GT(small, 0) << name;
    EXPECT_LT(small, 255) << name;
  }
}

TEST(MaskRaster, AbsurdValuesNeverCrash) {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Zero, negative or NaN size: an empty shape, hidden everywhere (everywhere shown inverted).
  for (const char* name : {"镜面", "圆形", "矩形", "爱心", "星形"})
    for (double size : {0.0, -1.0, nan}) {
      mask_material m = mask(name, size, size);
      m.feather = 1;
      picture p = draw(m, 64, 48);
      EXPECT_EQ(*std::max_element(p.px.begin(), p.px.end()), 0) << name << " size " << size;
      m.invert = true;
      picture q = draw(m, 64, 48);
      EXPECT_EQ(*std::min_element(q.px.begin(), q.px.end()), 255) << name << " size " << size;
    }
  for (const char* name : {"线性", "镜面", "圆形", "矩形", "爱心", "星形"})
    for (double v : {1e9, -1e9, inf, -inf, nan}) {
      mask_material m = mask(name, 0.5, 0.5);
      m.center_x = v;
      m.center_y = v;
      m.rotation = v;
      m.feather = v;
      m.round_corner = v;
      m.aspect_ratio = v;
      draw(m, 50, 30);
      m = mask(name, v, 0.5);
      draw(m, 50, 30);
      m = mask(name, 0.5, v);
      m.feather = 1;
      draw(m, 50, 30);
    }
  // Far away: a closed shape shows nothing of the picture.
  mask_material far = mask("星形", 0.5, 0.5);
  far.center_x = 1e9;
  picture p = draw(far, 50, 30);
  EXPECT_EQ(*std::max_element(p.px.begin(), p.px.end()), 0);
}

TEST(MaskRaster, HugeRotationKeepsItsAngle) {
  mask_material m = mask("线性", 1, 1);
  m.rotation = 360.0 * 1e9 + 90; // exactly representable: 90° clockwise, right side kept
  picture p = draw(m, 100, 100);
  EXPECT_EQ(p.at(90, 50), 255);
  EXPECT_EQ(p.at(10, 50), 0);
}

TEST(MaskRaster, FeatherAndCornersAreClamped) {
  mask_material m = mask("矩形", 0.5, 0.5);
  m.feather = 7;
  m.round_corner = 7;
  picture big = draw(m, 200, 200);
  m.feather = 1;
  m.round_corner = 1;
  picture one = draw(m, 200, 200);
  EXPECT_EQ(big.px, one.px);
  m.feather = -3;
  m.round_corner = -3;
  picture neg = draw(m, 200, 200);
  m.feather = 0;
  m.round_corner = 0;
  picture zero = draw(m, 200, 200);
  EXPECT_EQ(neg.px, zero.px);
}

} // namespace
} // namespace cutqueue::render
