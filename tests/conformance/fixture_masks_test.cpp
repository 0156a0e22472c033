// The mask rasteriser on the masks as the parser reads them from the masks fixture (moved here
// from tests/render/mask_raster_test.cpp, which keeps the hand-built masks): the points are
// those of masks/EXPECTED.md, on the 640x360 material.
#include "draft/parser.hpp"
#include "render/mask_raster.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace cutqueue::render {
namespace {

using points = std::vector<std::pair<int, int>>;

const points circle_in = {{320, 180}, {320, 112}, {388, 180}, {368, 228}};
const points circle_out = {{320, 60}, {440, 180}, {405, 265}, {20, 20}, {620, 340}};
const points rect_in = {{400, 180}, {256, 180}, {544, 180}, {400, 136}, {400, 224}};
const points rect_out = {{224, 180}, {576, 180}, {400, 104}, {400, 256}, {20, 20}, {100, 180}};

/// Coverage at each point: 255 shown, 0 hidden (every point is far from an edge).
void expect_coverage(const std::vector<uint8_t>& px, const points& pts, int want,
                     const std::string& what) {
  for (auto [x, y] : pts)
    EXPECT_EQ(px[static_cast<size_t>(y) * 640 + x], want)
        << what << ": (" << x << "," << y << ") should be " << (want ? "shown" : "hidden");
}

TEST(FixtureMasks, TheDraftsThreeMasksAsParsed) {
  auto dir = testing::fixtures_dir_or_skip();
  if (dir.empty())
    return;
  draft::document d;
  ASSERT_TRUE(draft::parse_draft_file(dir + "/masks/draft_content.json", d).ok);
  std::vector<const draft::segment*> masked;
  for (const auto& t : d.tracks)
    for (const auto& s : t.segments)
      if (!s.mask_id.empty())
        masked.push_back(&s);
  ASSERT_EQ(masked.size(), 3u);
  std::sort(masked.begin(), masked.end(),
            [](auto* a, auto* b) { return a->target.start < b->target.start; });
  std::vector<std::vector<uint8_t>> pics;
  for (auto* s : masked) {
    ASSERT_EQ(d.masks.count(s->mask_id), 1u);
    std::vector<uint8_t> px;
    ASSERT_TRUE(rasterize_mask(d.masks.at(s->mask_id), 640, 360, px));
    ASSERT_EQ(px.size(), 640u * 360u);
    pics.push_back(std::move(px));
  }
  expect_coverage(pics[0], circle_in, 255, "red 圆形");
  expect_coverage(pics[0], circle_out, 0, "red 圆形");
  expect_coverage(pics[1], rect_in, 255, "green 矩形");
  expect_coverage(pics[1], rect_out, 0, "green 矩形");
  expect_coverage(pics[2], circle_in, 0, "blue inverted 圆形");
  expect_coverage(pics[2], circle_out, 255, "blue inverted 圆形");
}

} // namespace
} // namespace cutqueue::render
