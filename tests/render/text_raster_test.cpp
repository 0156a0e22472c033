// Captions rasterised to RGBA: each style shows in the pixels of the returned image. Fonts are
// Debian's (fonts-noto-cjk, fonts-dejavu-extra), as `make deps` installs them.
#include "render/text_raster.hpp"

#include "render/png_writer.hpp"
#include "tests/support/test_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <functional>

namespace cutqueue::render {
namespace {

struct pixel {
  int r, g, b, a;
};

pixel at(const caption_image& im, int x, int y) {
  const uint8_t* p = &im.rgba[(static_cast<size_t>(y) * im.width + x) * 4];
  return {p[0], p[1], p[2], p[3]};
}

/// Where the pixels matching `pred` are: their box, count and centroid.
struct region {
  int x0 = INT_MAX, y0 = INT_MAX, x1 = INT_MIN, y1 = INT_MIN; ///< inclusive
  long count = 0;
  double cx = 0, cy = 0;
  int width() const { return count ? x1 - x0 + 1 : 0; }
  int height() const { return count ? y1 - y0 + 1 : 0; }
};

region find(const caption_image& im, const std::function<bool(const pixel&)>& pred, int ya = 0,
            int yb = INT_MAX) {
  region r;
  for (int y = std::max(0, ya); y < std::min(im.height, yb); ++y)
    for (int x = 0; x < im.width; ++x)
      if (pred(at(im, x, y))) {
        r.x0 = std::min(r.x0, x);
        r.x1 = std::max(r.x1, x);
        r.y0 = std::min(r.y0, y);
        r.y1 = std::max(r.y1, y);
        r.cx += x;
        r.cy += y;
        ++r.count;
      }
  if (r.count) {
    r.cx /= r.count;
    r.cy /= r.count;
  }
  return r;
}

bool opaque(const pixel& p) {
  return p.a > 128;
}
bool red(const pixel& p) {
  return p.a > 128 && p.r > 180 && p.g < 90 && p.b < 90;
}
bool green(const pixel& p) {
  return p.a > 128 && p.g > 180 && p.r < 90 && p.b < 90;
}
bool white(const pixel& p) {
  return p.a > 128 && p.r > 200 && p.g > 200 && p.b > 200;
}
bool black(const pixel& p) {
  return p.a > 128 && p.r < 60 && p.g < 60 && p.b < 60;
}
bool blue(const pixel& p) {
  return p.a > 20 && p.b > 180 && p.r < 90 && p.g < 90;
}

draft::text_style style(double size, draft::rgba fill, int64_t begin = 0, int64_t end = 1000) {
  draft::text_style s;
  s.range_begin = begin;
  s.range_end = end;
  s.size = size;
  s.fill = fill;
  return s;
}

draft::text_material caption(const std::string& text, double size = 15,
                             draft::rgba fill = {1, 1, 1, 1}) {
  draft::text_material t;
  t.text = text;
  t.styles = {style(size, fill)};
  return t;
}

class TextRaster : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    fonts_ = default_caption_fonts();
    cache_ = new caption_font_cache;
  }
  static void TearDownTestSuite() {
    delete cache_;
    cache_ = nullptr;
  }
  void SetUp() override {
    ASSERT_FALSE(fonts_.regular.empty()) << "no caption font: make deps installs fonts-noto-cjk";
  }

  /// On the 640x360 canvas of the fixtures, unscaled.
  caption_image draw(const draft::text_material& t, double scale = 1) {
    notes.clear();
    return rasterize_caption(t, 640, 360, scale, scale, fonts_, *cache_, &notes);
  }

  bool noted(const std::string& part) const {
    return std::any_of(notes.begin(), notes.end(), [&](const draft::unsupported_feature& n) {
      return n.feature.find(part) != std::string::npos;
    });
  }

  static caption_fonts_for fonts_;
  static caption_font_cache* cache_;
  std::vector<draft::unsupported_feature> notes;
};

caption_fonts_for TextRaster::fonts_;
caption_font_cache* TextRaster::cache_ = nullptr;

TEST_F(TextRaster, StyleKeyDrawsTheKeywordGreenRightOfTheRedBase) {
  // The animations_text fixture: base range in UTF-16 bytes, keyword in characters, with every
  // style capcut-mate wrote (bold, italic, underline, stroke, soft shadow).
  draft::text_material t;
  t.text = "STYLE KEY";
  draft::text_style base = style(12, {1, 0, 0, 1}, 0, 18);
  base.bold = base.italic = base.underline = true;
  base.has_stroke = true;
  base.stroke_width = 0.08;
  base.stroke = {0, 0, 0, 1};
  base.has_shadow = true;
  base.shadow = {0, 0, 0, 0.8};
  base.shadow_distance = 6;
  base.shadow_diffuse = 0.0167;
  draft::text_style key = base;
  key.range_begin = 6;
  key.range_end = 9;
  key.size = 20;
  key.fill = {0, 1, 0, 1};
  key.has_shadow = false;
  t.styles = {base, key};
  auto im = draw(t);
  ASSERT_FALSE(im.empty());
  const region r = find(im, red), g = find(im, green);
  EXPECT_GT(r.count, 50);
  EXPECT_GT(g.count, 20);
  EXPECT_GT(g.cx, r.x1) << "KEY must lie right of STYLE";
  EXPECT_GT(g.x0, r.cx);
  EXPECT_GT(g.height(), r.height()) << "the keyword is size 20, the base 12";
}

TEST_F(TextRaster, ABiggerKeywordSharesTheBaseline) {
  draft::text_material t = caption("HH KK");
  t.styles = {style(12, {1, 0, 0, 1}, 0, 10), style(20, {0, 1, 0, 1}, 3, 5)};
  auto im = draw(t);
  const region r = find(im, red), g = find(im, green);
  ASSERT_GT(r.count, 0);
  ASSERT_GT(g.count, 0);
  EXPECT_NEAR(static_cast<double>(g.height()) / r.height(), 20.0 / 12, 0.15);
  EXPECT_NEAR(g.y1, r.y1, 1) << "H and K sit on one baseline";
  // Line height from the largest run: the block is as tall as the keyword's em.
  const double px20 = 20 * 360 / 180.0;
  EXPECT_NEAR(im.anchor_y - g.y1, -(0.8 - 0.5) * px20, 2); // baseline 0.8 em below the top
}

TEST_F(TextRaster, StrokeSurroundsTheGlyphsAndStaysOutOfThem) {
  draft::text_material t = caption("I", 40);
  t.styles[0].has_stroke = true;
  t.styles[0].stroke_width = 0.08; // 6.4 px at 80 px
  t.styles[0].stroke = {0, 0, 0, 1};
  auto im = draw(t);
  const int y = static_cast<int>(im.anchor_y);
  std::string runs; // one letter per run of pixels along the middle row: B, W or _
  for (int x = 0; x < im.width; ++x) {
    const pixel p = at(im, x, y);
    const char c = white(p) ? 'W' : black(p) ? 'B' : p.a < 20 ? '_' : 0;
    if (c && (runs.empty() || runs.back() != c))
      runs += c;
  }
  EXPECT_EQ(runs, "_BWB_") << "transparent, stroke, fill, stroke, transparent";
  const region w = find(im, white, y, y + 1), b = find(im, black, y, y + 1);
  EXPECT_NEAR(w.x0 - b.x0, 6.4, 1.5) << "stroke width = stroke_width x font px";
  EXPECT_NEAR(b.x1 - w.x1, 6.4, 1.5);
}

/// The centroid of a blue shadow's visible pixels relative to the red text's.
std::pair<double, double> shadow_shift(const caption_image& im) {
  const region text = find(im, red), shade = find(im, blue);
  EXPECT_GT(text.count, 0);
  EXPECT_GT(shade.count, 0);
  return {shade.cx - text.cx, shade.cy - text.cy};
}

draft::text_material shadowed(double angle, double diffuse = 0) {
  draft::text_material t = caption("HH", 20, {1, 0, 0, 1});
  t.styles[0].has_shadow = true;
  t.styles[0].shadow = {0, 0, 1, 1};
  t.styles[0].shadow_distance = 20; // 0.4 em: 16 px at 40 px
  t.styles[0].shadow_angle = angle;
  t.styles[0].shadow_diffuse = diffuse;
  return t;
}

TEST_F(TextRaster, ShadowFallsOnTheSideItsAngleSays) {
  // -45 degrees counter-clockwise with +y up: down and to the right on screen.
  auto [dx, dy] = shadow_shift(draw(shadowed(-45)));
  EXPECT_GT(dx, 3);
  EXPECT_GT(dy, 3);
  // 90 degrees: straight up.
  std::tie(dx, dy) = shadow_shift(draw(shadowed(90)));
  EXPECT_LT(dy, -3);
  EXPECT_LT(std::abs(dx), -dy / 4);
}

TEST_F(TextRaster, ShadowOffsetIsDistanceTimesPxOverFifty) {
  // Straight right, no blur: the shadow of the leftmost stem starts 16 px right of it.
  auto im = draw(shadowed(0));
  const int y = static_cast<int>(im.anchor_y);
  const region text = find(im, red, y, y + 1);
  const region shade = find(
      im, [](const pixel& p) { return p.a > 128 && p.b > 128; }, y, y + 1);
  EXPECT_NEAR(shade.x1 - text.x1, 16, 1);
}

TEST_F(TextRaster, DiffuseBlursTheShadow) {
  auto sharp = draw(shadowed(-45, 0)), soft = draw(shadowed(-45, 0.05)); // sigma 6 px
  auto partial = [](const pixel& p) { return p.b > 128 && p.a > 5 && p.a < 200; };
  const region a = find(sharp, partial), b = find(soft, partial);
  EXPECT_GT(b.count, 3 * a.count) << "a blurred edge is wide and soft";
  EXPECT_GT(soft.width, sharp.width + 20) << "the image grows to hold the blur";
  EXPECT_GT(soft.height, sharp.height + 20);
  // The text itself stays where it was relative to the anchor.
  const region ta = find(sharp, red), tb = find(soft, red);
  EXPECT_NEAR(ta.x0 - sharp.anchor_x, tb.x0 - soft.anchor_x, 0.5);
  EXPECT_NEAR(ta.y0 - sharp.anchor_y, tb.y0 - soft.anchor_y, 0.5);
}

TEST_F(TextRaster, UnderlineDrawsABarUnderTheWholeText) {
  draft::text_material t = caption("HH HH", 20);
  auto plain = draw(t);
  t.styles[0].underline = true;
  auto lined = draw(t);
  // The longest run of opaque pixels on a row: only a bar spans the gaps between letters.
  auto longest_run = [](const caption_image& im, int& row) {
    int best = 0;
    for (int y = 0; y < im.height; ++y) {
      int run = 0;
      for (int x = 0; x < im.width; ++x) {
        run = opaque(at(im, x, y)) ? run + 1 : 0;
        if (run > best) {
          best = run;
          row = y;
        }
      }
    }
    return best;
  };
  int plain_row = 0, bar_row = 0;
  const region ink = find(plain, opaque);
  EXPECT_LT(longest_run(plain, plain_row), ink.width() / 2);
  EXPECT_GT(longest_run(lined, bar_row), 0.9 * ink.width());
  EXPECT_GT(bar_row - lined.anchor_y, ink.y1 - plain.anchor_y) << "under the letters";
  const region bar = find(lined, opaque, bar_row, bar_row + 1);
  int thickness = 0;
  for (int y = 0; y < lined.height; ++y)
    thickness += opaque(at(lined, static_cast<int>(bar.cx), y)) && y > ink.y1 ? 1 : 0;
  EXPECT_NEAR(thickness, 0.06 * 40, 1.5) << "0.06 em thick";
}

TEST_F(TextRaster, LetterSpacingWidensTheText) {
  draft::text_material t = caption("SPACED");
  auto normal = draw(t);
  t.letter_spacing = 0.25; // capcut-mate's letter_spacing 5
  auto spaced = draw(t);
  const double ratio =
      static_cast<double>(find(spaced, opaque).width()) / find(normal, opaque).width();
  EXPECT_GT(ratio, 1.1);
  // Five gaps of a quarter em (30 px at size 15): 37.5 px more.
  EXPECT_NEAR(find(spaced, opaque).width() - find(normal, opaque).width(), 5 * 0.25 * 30, 2);
}

TEST_F(TextRaster, VerticalTextStacksCharactersInAColumn) {
  draft::text_material t = caption("VERT");
  auto flat = draw(t);
  t.vertical = true;
  auto column = draw(t);
  EXPECT_GT(flat.width, flat.height);
  EXPECT_GT(column.height, 1.5 * column.width);
  // Top to bottom in reading order: V's two arms at the top, T's bar at the bottom row.
  const region ink = find(column, opaque);
  const region top = find(column, opaque, ink.y0, ink.y0 + 3);
  EXPECT_GT(top.width(), 0.5 * ink.width()) << "V is widest at its top";
  EXPECT_NEAR(column.anchor_y, (ink.y0 + ink.y1) / 2.0, 0.1 * ink.height());
}

TEST_F(TextRaster, VerticalColumnsRunRightToLeft) {
  draft::text_material t = caption("一二\n口口口");
  t.vertical = true;
  auto im = draw(t);
  // The first column (two characters) is on the right, shorter than the second.
  const region ink = find(im, opaque);
  const int mid = (ink.x0 + ink.x1) / 2;
  region right{}, left{};
  auto in_half = [&](bool want_right) {
    region r;
    for (int y = 0; y < im.height; ++y)
      for (int x = 0; x < im.width; ++x)
        if (opaque(at(im, x, y)) && (x > mid) == want_right) {
          r.y0 = std::min(r.y0, y);
          r.y1 = std::max(r.y1, y);
          ++r.count;
        }
    return r;
  };
  right = in_half(true);
  left = in_half(false);
  EXPECT_LT(right.height(), left.height());
}

/// Left and right ink edges of the rows above and below the anchor (line 1, line 2).
std::pair<region, region> two_lines(const caption_image& im) {
  const int mid = static_cast<int>(im.anchor_y);
  return {find(im, opaque, 0, mid), find(im, opaque, mid, INT_MAX)};
}

TEST_F(TextRaster, AlignmentLinesUpLeftOrRightEdges) {
  draft::text_material t = caption("HHHHHH\nHH", 10);
  t.alignment = 0;
  auto [l1, l2] = two_lines(draw(t));
  EXPECT_NEAR(l1.x0, l2.x0, 1);
  EXPECT_GT(l1.x1 - l2.x1, 40);
  t.alignment = 2;
  std::tie(l1, l2) = two_lines(draw(t));
  EXPECT_NEAR(l1.x1, l2.x1, 1);
  EXPECT_GT(l2.x0 - l1.x0, 40);
  t.alignment = 1;
  std::tie(l1, l2) = two_lines(draw(t));
  EXPECT_NEAR((l1.x0 + l1.x1) / 2.0, (l2.x0 + l2.x1) / 2.0, 1.5);
}

TEST_F(TextRaster, LinesAdvanceByPxTimesOnePointTwoPlusLineSpacing) {
  draft::text_material t = caption("H\nH\nH", 10); // 20 px
  t.line_spacing = 0.3;
  auto im = draw(t);
  std::vector<int> tops;
  for (int y = 1; y < im.height; ++y)
    if (find(im, opaque, y, y + 1).count && !find(im, opaque, y - 1, y).count)
      tops.push_back(y);
  ASSERT_EQ(tops.size(), 3u);
  EXPECT_NEAR(tops[1] - tops[0], 20 * 1.5, 1);
  EXPECT_NEAR(tops[2] - tops[1], 20 * 1.5, 1);
}

TEST_F(TextRaster, GlobalAlphaHalvesEveryAlpha) {
  draft::text_material t = caption("ALPHA HALF");
  t.styles[0].has_stroke = true;
  t.styles[0].stroke_width = 0.08;
  auto full = draw(t);
  t.global_alpha = 0.5;
  auto half = draw(t);
  ASSERT_EQ(full.width, half.width);
  ASSERT_EQ(full.height, half.height);
  int max_a = 0;
  for (size_t i = 3; i < full.rgba.size(); i += 4) {
    EXPECT_NEAR(half.rgba[i], full.rgba[i] * 0.5, 1);
    max_a = std::max<int>(max_a, half.rgba[i]);
  }
  EXPECT_NEAR(max_a, 128, 1);
  // Straight alpha: the colours themselves are untouched.
  EXPECT_GT(find(half, [](const pixel& p) { return p.a > 100 && p.r == 255; }).count, 100);
}

TEST_F(TextRaster, EdgesAreAntiAliasedInStraightAlpha) {
  auto im = draw(caption("O", 20, {1, 1, 1, 1}));
  const region soft = find(im, [](const pixel& p) { return p.a > 10 && p.a < 245; });
  EXPECT_GT(soft.count, 20) << "anti-aliased edges";
  // Straight alpha: a half-covered white pixel is white at half alpha, not grey.
  EXPECT_EQ(find(im, [](const pixel& p) { return p.a > 10 && p.a < 245 && p.r < 250; }).count, 0);
}

TEST_F(TextRaster, ChineseDrawsWithTheCjkFont) {
  auto im = draw(caption("字幕测试"));
  ASSERT_FALSE(im.empty());
  EXPECT_GT(find(im, white).count, 500);
  EXPECT_TRUE(notes.empty()) << notes.front().feature;
  EXPECT_NEAR(find(im, opaque).width(), 4 * 30, 8) << "four ideographs of one em (30 px)";
}

/// Horizontal centre of the ink in the top and in the bottom quarter of the ink.
std::pair<double, double> lean(const caption_image& im) {
  const region ink = find(im, opaque);
  const int q = ink.height() / 4;
  return {find(im, opaque, ink.y0, ink.y0 + q).cx, find(im, opaque, ink.y1 - q, ink.y1 + 1).cx};
}

TEST_F(TextRaster, ItalicChineseLeansBySyntheticShear) {
  draft::text_material t = caption("川川", 30); // vertical strokes, 60 px
  auto [top, bottom] = lean(draw(t));
  const double upright = top - bottom; // 川's strokes are not quite straight
  t.styles[0].italic = true;           // no Debian CJK font is italic: the outline is sheared
  std::tie(top, bottom) = lean(draw(t));
  // About 12 degrees over the ~40 px between the top and the bottom quarter.
  EXPECT_GT(top - bottom - upright, 5) << "tops lean right";
}

TEST_F(TextRaster, ItalicLatinUsesTheObliqueFace) {
  draft::text_material t = caption("IIII", 30);
  t.styles[0].italic = true;
  auto [top, bottom] = lean(draw(t));
  EXPECT_GT(top - bottom, 5);
}

TEST_F(TextRaster, BoldIsHeavierWithABoldFaceOrWithout) {
  draft::text_material t = caption("粗体Bold");
  const long regular = find(draw(t), opaque).count;
  t.styles[0].bold = true;
  const long bold = find(draw(t), opaque).count;
  EXPECT_GT(bold, regular * 1.15);
  // Without a bold face the outline is emboldened instead.
  caption_fonts_for no_bold = default_caption_fonts();
  no_bold.bold.clear();
  std::vector<draft::unsupported_feature> n;
  auto im = rasterize_caption(t, 640, 360, 1, 1, no_bold, *cache_, &n);
  EXPECT_GT(find(im, opaque).count, regular * 1.15);
}

TEST_F(TextRaster, MissingGlyphsNeverCrashAndAreReported) {
  // An emoji (two UTF-16 units), a private-use and an unassigned code point, a malformed byte.
  draft::text_material t = caption("a😀b\U000F0000\U0010FFFF\xff c");
  t.styles.push_back(style(20, {0, 1, 0, 1}, 1, 2)); // a range splitting the emoji's pair
  auto im = draw(t);
  EXPECT_FALSE(im.empty());
  EXPECT_TRUE(noted("U+10FFFF"));
  EXPECT_GT(find(im, white).count, 50) << "the letters around them still draw";
}

TEST_F(TextRaster, EmptyTextGivesAnEmptyImage) {
  for (const char* text : {"", "   ", "\n\n", "\t"}) {
    auto im = draw(caption(text));
    EXPECT_TRUE(im.empty()) << '"' << text << '"';
    EXPECT_TRUE(im.rgba.empty());
  }
  // So does a clip scaled to nothing.
  EXPECT_TRUE(draw(caption("x"), 0).empty());
}

TEST_F(TextRaster, AbsurdSizesAreClamped) {
  draft::text_material t = caption("HUGE CAPTION 巨大", 1000);
  t.styles[0].has_shadow = true;
  t.styles[0].shadow_diffuse = 1;
  notes.clear();
  auto im = rasterize_caption(t, 1080, 1920, 50, 50, fonts_, *cache_, &notes);
  ASSERT_FALSE(im.empty());
  EXPECT_LE(im.width, max_caption_side);
  EXPECT_LE(im.height, max_caption_side);
  EXPECT_LE(static_cast<int64_t>(im.width) * im.height, max_caption_area);
  EXPECT_TRUE(noted("too large"));
  EXPECT_GT(find(im, white).count, 1000) << "still drawn, smaller";
}

TEST_F(TextRaster, ScaleRasterisesAtTheFinalSize) {
  auto one = draw(caption("Sharp"));
  auto two = draw(caption("Sharp"), 2);
  EXPECT_NEAR(static_cast<double>(find(two, opaque).width()) / find(one, opaque).width(), 2, 0.1);
  EXPECT_NEAR(static_cast<double>(find(two, opaque).height()) / find(one, opaque).height(), 2, 0.1);
}

TEST_F(TextRaster, AnchorIsTheCentreOfTheTextBlock) {
  auto im = draw(caption("HOH"));
  const region ink = find(im, opaque);
  EXPECT_NEAR(im.anchor_x, (ink.x0 + ink.x1) / 2.0, 2);
  // A shadow makes the image bigger on its side only; the text stays on the anchor.
  draft::text_material t = caption("HOH");
  t.styles[0].has_shadow = true;
  t.styles[0].shadow_distance = 40;
  auto shadowed_im = draw(t);
  const region text = find(shadowed_im, white);
  EXPECT_NEAR(shadowed_im.anchor_x, (text.x0 + text.x1) / 2.0, 2);
}

TEST_F(TextRaster, PaddingPutsTheAnchorAtTheCentre) {
  draft::text_material t = caption("Shadow", 15);
  t.styles[0].has_shadow = true;
  t.styles[0].shadow_distance = 50; // one em down-right: the anchor is far from the centre
  auto im = draw(t);
  EXPECT_EQ(im.anchor_x, std::floor(im.anchor_x)) << "on a pixel corner";
  EXPECT_EQ(im.anchor_y, std::floor(im.anchor_y));
  EXPECT_GT(std::abs(im.anchor_x - im.width / 2.0), 5);
  auto centred = centred_on_anchor(im);
  EXPECT_EQ(centred.anchor_x * 2, centred.width);
  EXPECT_EQ(centred.anchor_y * 2, centred.height);
  // The same pixels around the anchor.
  const region a = find(im, white), b = find(centred, white);
  EXPECT_EQ(a.count, b.count);
  EXPECT_EQ(a.x0 - im.anchor_x, b.x0 - centred.anchor_x);
  EXPECT_EQ(a.y1 - im.anchor_y, b.y1 - centred.anchor_y);
  EXPECT_TRUE(centred_on_anchor(caption_image{}).empty());
}

TEST_F(TextRaster, SubtitlesWrapAtLineMaxWidthOtherTextOnlyPastTheCanvas) {
  draft::text_material t = caption("一二三四五六七八九十一二三四五"); // 15 x 30 px = 450 px
  auto one_line = draw(t);
  EXPECT_LT(one_line.height, 60);
  t.auto_wrap = true;
  t.line_max_width = 0.5; // 320 px: 10 ideographs a line
  auto wrapped = draw(t);
  EXPECT_GT(wrapped.height, 60);
  EXPECT_NEAR(find(wrapped, opaque).width(), 10 * 30, 8);
  // Other text wraps only once a line is wider than the canvas.
  draft::text_material wide = caption(std::string(30 * 3, 'H').substr(0, 30), 15);
  auto lines = draw(wide); // 30 H of about 22 px: wider than 640
  EXPECT_GT(lines.height, 60);
  EXPECT_LE(find(lines, opaque).width(), 0.9 * 640 + 2);
}

TEST_F(TextRaster, UnhonouredStylesAreReported) {
  draft::text_material t = caption("花字 text");
  t.styles[0].effect_id = "7371372494336396570";
  t.styles[0].font_id = "6740435892441190919";
  auto im = draw(t);
  EXPECT_FALSE(im.empty());
  EXPECT_TRUE(noted("text effect 7371372494336396570"));
  EXPECT_TRUE(noted("font 6740435892441190919"));
  // An operator-supplied file for the font id is used, and nothing is reported.
  caption_fonts_for by_id = default_caption_fonts();
  by_id.by_font_id = [](const std::string& id) {
    return id == "6740435892441190919" ? "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf" : "";
  };
  t.styles[0].effect_id.clear();
  notes.clear();
  auto serif = rasterize_caption(t, 640, 360, 1, 1, by_id, *cache_, &notes);
  EXPECT_TRUE(notes.empty());
  EXPECT_NE(serif.rgba, im.rgba);
}

TEST_F(TextRaster, AHuaziDrawsTheColoursOfItsNameOrFillsWithTheOperatorsTexture) {
  draft::text_material t = caption("HUAZI", 30);
  t.styles[0].effect_id = "7371372494336396570"; // capcut-mate's 白字橘色发光花字
  auto named = draw(t);
  ASSERT_FALSE(named.empty());
  auto is_white = [](const pixel& p) { return p.a > 200 && p.r > 230 && p.g > 230 && p.b > 230; };
  auto is_orange = [](const pixel& p) {
    return p.a > 200 && p.r > 200 && p.g > 90 && p.g < 200 && p.b < 80;
  };
  EXPECT_GT(find(named, is_white).count, 200) << "white characters";
  EXPECT_GT(find(named, is_orange).count, 200) << "an orange glow round them";
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].how, draft::drawn::approximately);

  // With the operator's texture (left half green, right half blue) the characters are filled
  // with it, stretched over the caption, and nothing is approximated.
  test::scratch_dir dir;
  std::vector<uint8_t> tex(16 * 8 * 4, 255);
  for (int x = 0; x < 16; ++x)
    for (int y = 0; y < 8; ++y) {
      uint8_t* p = &tex[(static_cast<size_t>(y) * 16 + x) * 4];
      p[0] = 0;
      p[1] = x < 8 ? 255 : 0;
      p[2] = x < 8 ? 0 : 255;
    }
  const std::string png = dir.path() + "/7371372494336396570.png";
  test::write_text(png, encode_png_rgba(tex.data(), 16, 8));
  caption_fonts_for with_texture = default_caption_fonts();
  with_texture.text_effect_texture = [&](const std::string& id) {
    return id == "7371372494336396570" ? png : "";
  };
  notes.clear();
  auto textured = rasterize_caption(t, 640, 360, 1, 1, with_texture, *cache_, &notes);
  ASSERT_FALSE(textured.empty());
  auto green = find(textured, [](const pixel& p) { return p.a > 200 && p.g > 200 && p.r < 60; });
  auto blue = find(textured, [](const pixel& p) { return p.a > 200 && p.b > 200 && p.r < 60; });
  EXPECT_GT(green.count, 200);
  EXPECT_GT(blue.count, 200);
  EXPECT_LT(green.cx, blue.cx) << "the texture is stretched left to right over the caption";
  EXPECT_EQ(find(textured, is_white).count, 0);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].how, draft::drawn::exactly);
  EXPECT_EQ(notes[0].detail, png);
}

} // namespace
} // namespace cutqueue::render
