// Caption styles checked on the decoded MP4 of text-only drafts (white text on the black
// canvas): italic slant, shadow offset and colour, wrapping onto several lines, and alignment
// of the lines inside their block.
#include "render/fonts.hpp"
#include "tests/render/render_test_util.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace cutqueue::render {
namespace {

using test::json;

constexpr int W = 640, H = 360;

/// One frame of the output as RGB bytes.
struct frame {
  int w = 0, h = 0;
  std::string rgb;
  const unsigned char* at(int x, int y) const {
    return reinterpret_cast<const unsigned char*>(rgb.data()) + 3 * (y * w + x);
  }
  bool bright(int x, int y) const {
    auto p = at(x, y);
    return p[0] > 160 && p[1] > 160 && p[2] > 160;
  }
};

frame grab(const std::string& file, double t) {
  process_options opt;
  opt.timeout = std::chrono::seconds(60);
  auto r = run_process({"ffmpeg", "-nostdin", "-v", "error", "-ss", std::to_string(t), "-i", file,
                        "-frames:v", "1", "-vf", "format=rgb24", "-f", "rawvideo", "pipe:1"},
                       opt);
  frame f{W, H, r.out};
  EXPECT_EQ(f.rgb.size(), static_cast<size_t>(3 * W * H)) << "no frame at " << t;
  if (f.rgb.size() != static_cast<size_t>(3 * W * H))
    f.rgb.assign(3 * W * H, '\0');
  return f;
}

/// A text material of `b` restyled: `edit` gets the material and its first content style.
void restyle(test::draft_builder& b, const std::string& id,
             const std::function<void(json&, json&)>& edit) {
  for (auto& m : b.doc()["materials"]["texts"])
    if (m["id"] == id) {
      json content = json::parse(m["content"].get<std::string>());
      edit(m, content["styles"][0]);
      m["content"] = content.dump();
    }
}

draft::document parse(const test::draft_builder& b) {
  draft::document d;
  auto r = parse_draft(b.dump(), d);
  EXPECT_TRUE(r.ok) << r.error;
  return d;
}

/// Runs of consecutive rows holding bright pixels (text lines), as [first, last] rows.
std::vector<std::pair<int, int>> text_bands(const frame& f) {
  std::vector<std::pair<int, int>> bands;
  for (int y = 0; y < f.h; ++y) {
    bool any = false;
    for (int x = 0; x < f.w && !any; ++x)
      any = f.bright(x, y);
    if (!any)
      continue;
    if (!bands.empty() && bands.back().second >= y - 2)
      bands.back().second = y; // small gaps inside a line (between accents and letters)
    else
      bands.push_back({y, y});
  }
  return bands;
}

/// Leftmost and rightmost bright columns between rows y0 and y1.
std::pair<int, int> horizontal_extent(const frame& f, int y0, int y1) {
  int lo = f.w, hi = -1;
  for (int y = y0; y <= y1; ++y)
    for (int x = 0; x < f.w; ++x)
      if (f.bright(x, y)) {
        lo = std::min(lo, x);
        hi = std::max(hi, x);
      }
  return {lo, hi};
}

/// How far right the text's top quarter sits compared with its bottom quarter, in pixels:
/// about 0 for upright stems, clearly positive for a forward slant.
double slant(const frame& f) {
  auto bands = text_bands(f);
  if (bands.size() != 1)
    return -1000;
  auto [top, bottom] = bands[0];
  const int quarter = std::max(1, (bottom - top + 1) / 4);
  auto mean_x = [&](int y0, int y1) {
    double sum = 0, n = 0;
    for (int y = y0; y <= y1; ++y)
      for (int x = 0; x < f.w; ++x)
        if (f.bright(x, y)) {
          sum += x;
          ++n;
        }
    return n > 0 ? sum / n : 0.0;
  };
  return mean_x(top, top + quarter - 1) - mean_x(bottom - quarter + 1, bottom);
}

TEST(CaptionStyle, ItalicLatinTextLeansForward) {
  ASSERT_FALSE(find_caption_fonts("").italic.empty())
      << "no oblique font: make deps installs fonts-dejavu-extra";
  test::scratch_dir dir;
  test::draft_builder b(W, H, 2000000);
  auto upright = b.text("IIIII HHH", 30);
  auto italic = b.text("IIIII HHH", 30);
  restyle(b, italic, [](json&, json& style) { style["italic"] = true; });
  auto t = b.track("text");
  b.segment(t, upright, 0, 1000000, 1);
  b.segment(t, italic, 1000000, 1000000, 1);
  auto out = test::render_local(parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const frame before = grab(out.output, 0.5), after = grab(out.output, 1.5);
  EXPECT_NEAR(slant(before), 0.0, 1.5);
  EXPECT_GT(slant(after), 4.0);
}

TEST(CaptionStyle, ItalicCjkTextLeansWithoutAnItalicFont) {
  // No Debian CJK font has an italic face: the glyphs are sheared instead of staying upright.
  test::scratch_dir dir;
  test::draft_builder b(W, H, 2000000);
  auto upright = b.text("口口口口", 30);
  auto italic = b.text("口口口口", 30);
  restyle(b, italic, [](json&, json& style) { style["italic"] = true; });
  auto t = b.track("text");
  b.segment(t, upright, 0, 1000000, 1);
  b.segment(t, italic, 1000000, 1000000, 1);
  auto out = test::render_local(parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const frame before = grab(out.output, 0.5), after = grab(out.output, 1.5);
  EXPECT_EQ(text_bands(after).size(), 1u); // the glyphs are drawn
  EXPECT_NEAR(slant(before), 0.0, 1.5);
  EXPECT_GT(slant(after), 4.0);
}

TEST(CaptionStyle, ShadowIsOffsetInItsColourInsideTheWindowOnly) {
  test::scratch_dir dir;
  test::draft_builder b(W, H, 2000000);
  auto tx = b.text("SHADOW", 30);
  // Distance 25 at 60 px: a 30 px shadow down and to the right (angle -45); sharp, so that
  // its colour is exact (the blur of `diffuse` is tested on the caption picture).
  restyle(b, tx, [](json&, json& style) {
    style["shadows"] = {{{"alpha", 1.0},
                         {"distance", 25.0},
                         {"angle", -45.0},
                         {"diffuse", 0.0},
                         {"content", {{"solid", {{"color", {1.0, 0.0, 0.0}}}}}}}};
  });
  b.segment(b.track("text"), tx, 500000, 1000000, 1);
  auto out = test::render_local(parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  auto red_pixels = [](const frame& f, double& mean_x, double& mean_y) {
    int n = 0;
    mean_x = mean_y = 0;
    for (int y = 0; y < f.h; ++y)
      for (int x = 0; x < f.w; ++x) {
        auto p = f.at(x, y);
        if (p[0] > 160 && p[1] < 90 && p[2] < 90) {
          ++n;
          mean_x += x;
          mean_y += y;
        }
      }
    if (n > 0) {
      mean_x /= n;
      mean_y /= n;
    }
    return n;
  };
  double sx = 0, sy = 0, unused = 0;
  const frame inside = grab(out.output, 1.0);
  EXPECT_GT(red_pixels(inside, sx, sy), 300);
  auto bands = text_bands(inside);
  ASSERT_EQ(bands.size(), 1u);
  auto [left, right] = horizontal_extent(inside, bands[0].first, bands[0].second);
  const double text_x = (left + right) / 2.0, text_y = (bands[0].first + bands[0].second) / 2.0;
  EXPECT_NEAR(sx - text_x, 21, 8); // 30 px at -45 degrees
  EXPECT_NEAR(sy - text_y, 21, 8);
  EXPECT_EQ(red_pixels(grab(out.output, 0.25), unused, unused), 0);
  EXPECT_EQ(red_pixels(grab(out.output, 1.75), unused, unused), 0);
}

TEST(CaptionStyle, LongSubtitleWrapsOntoTwoLines) {
  test::scratch_dir dir;
  test::draft_builder b(W, H, 1000000);
  // About 700 px at 30 px: wider than the subtitle's line_max_width (0.82 of 640 px).
  auto tx = b.text("THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG");
  b.segment(b.track("text"), tx, 0, 1000000, 1);
  auto out = test::render_local(parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const frame f = grab(out.output, 0.5);
  auto bands = text_bands(f);
  ASSERT_EQ(bands.size(), 2u);
  EXPECT_GT(bands[1].first - bands[0].second, 3); // blank rows between the lines
  for (const auto& band : bands) {
    auto [left, right] = horizontal_extent(f, band.first, band.second);
    EXPECT_GT(left, 0.09 * W / 2); // inside the line width, not cut at the canvas edge
    EXPECT_LT(right, W - 0.09 * W / 2);
    EXPECT_NEAR((left + right) / 2.0, W / 2.0, 6); // centred
  }
  // The block stays centred on the transform (the canvas centre).
  EXPECT_NEAR((bands.front().first + bands.back().second) / 2.0, H / 2.0, 12);
}

TEST(CaptionStyle, LinesShareEvenlySpacedBaselinesWhateverTheirLetters) {
  // Lower-case lines are shorter than capital ones; without descenders, each band's last row
  // is its baseline.
  test::scratch_dir dir;
  test::draft_builder b(W, H, 1000000);
  auto tx = b.text("ace\nOK\nace");
  restyle(b, tx, [](json& m, json&) { m["type"] = "text"; });
  b.segment(b.track("text"), tx, 0, 1000000, 1);
  auto out = test::render_local(parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  auto bands = text_bands(grab(out.output, 0.5));
  ASSERT_EQ(bands.size(), 3u);
  EXPECT_NEAR(bands[1].second - bands[0].second, bands[2].second - bands[1].second, 2);
  // And the capitals do reach higher above their baseline than the lower-case letters.
  EXPECT_GT(bands[1].second - bands[1].first, bands[0].second - bands[0].first + 3);
}

/// Renders "SHORT" over "A MUCH LONGER LINE" with `alignment`; returns each line's extent.
std::vector<std::pair<int, int>> two_line_extents(int alignment) {
  test::scratch_dir dir;
  test::draft_builder b(W, H, 1000000);
  auto tx = b.text("SHORT\nA MUCH LONGER LINE");
  restyle(b, tx, [alignment](json& m, json&) {
    m["alignment"] = alignment;
    m["type"] = "text"; // explicit newlines break even without auto-wrap
  });
  b.segment(b.track("text"), tx, 0, 1000000, 1);
  auto out = test::render_local(parse(b), dir);
  EXPECT_TRUE(out.outcome.ok) << out.outcome.error_message;
  if (!out.outcome.ok)
    return {};
  const frame f = grab(out.output, 0.5);
  std::vector<std::pair<int, int>> extents;
  for (const auto& band : text_bands(f))
    extents.push_back(horizontal_extent(f, band.first, band.second));
  return extents;
}

TEST(CaptionStyle, LinesAlignLeftCentreAndRightInTheirBlock) {
  auto left = two_line_extents(0);
  auto centre = two_line_extents(1);
  auto right = two_line_extents(2);
  ASSERT_EQ(left.size(), 2u);
  ASSERT_EQ(centre.size(), 2u);
  ASSERT_EQ(right.size(), 2u);
  // Left: both lines start at the block's left edge; the short one ends far before the long.
  EXPECT_NEAR(left[0].first, left[1].first, 5);
  EXPECT_LT(left[0].second, left[1].second - 100);
  // Right: both end at the block's right edge.
  EXPECT_NEAR(right[0].second, right[1].second, 5);
  EXPECT_GT(right[0].first, right[1].first + 100);
  // Centre: both centred on the canvas.
  EXPECT_NEAR((centre[0].first + centre[0].second) / 2.0, W / 2.0, 4);
  EXPECT_NEAR((centre[1].first + centre[1].second) / 2.0, W / 2.0, 4);
  // The block is as wide as the longest line, so that line barely moves with the alignment.
  EXPECT_NEAR(left[1].first, right[1].first, 6);
  EXPECT_NEAR(left[1].first, centre[1].first, 6);
}

} // namespace
} // namespace cutqueue::render
