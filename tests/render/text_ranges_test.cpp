// styles[].range as CapCut/Jianying read it: UTF-16 code units, clamped to the text, later
// entries over earlier ones, the first style for whatever no entry covers.
#include "render/caption_layout.hpp"
#include "render/text_ranges.hpp"

#include <gtest/gtest.h>

namespace cutqueue::render {
namespace {

draft::text_style ranged(int64_t begin, int64_t end) {
  draft::text_style s;
  s.range_begin = begin;
  s.range_end = end;
  return s;
}

std::vector<size_t> resolve(const std::string& utf8, const std::vector<draft::text_style>& st) {
  return style_per_char(decode_utf8(utf8), st);
}

TEST(TextRange, StyleKeyMixesByteAndCharacterUnitsLikeJianying) {
  // capcut-mate: base range in UTF-16 bytes (2 x 9 = 18), keyword "KEY" in characters [6, 9).
  auto per = resolve("STYLE KEY", {ranged(0, 18), ranged(6, 9)});
  EXPECT_EQ(per, (std::vector<size_t>{0, 0, 0, 0, 0, 0, 1, 1, 1}));
  auto runs = style_runs(per);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].begin, 0u);
  EXPECT_EQ(runs[0].end, 6u); // "STYLE "
  EXPECT_EQ(runs[1].begin, 6u);
  EXPECT_EQ(runs[1].end, 9u); // "KEY"
  EXPECT_EQ(runs[1].style, 1u);
}

TEST(TextRange, LaterEntriesWinAndUncoveredCharactersTakeTheFirstStyle) {
  // The first style covers only [0, 2) on paper; [2, 3) belongs to nobody and falls back to it.
  auto per = resolve("abcdefgh", {ranged(0, 2), ranged(3, 7), ranged(5, 6)});
  EXPECT_EQ(per, (std::vector<size_t>{0, 0, 0, 1, 1, 2, 1, 0}));
}

TEST(TextRange, RangesPastTheEndAreClampedAndEmptyOnesIgnored) {
  auto per = resolve("abc", {ranged(0, 1), ranged(2, 1000), ranged(1, 1), ranged(50, 60)});
  EXPECT_EQ(per, (std::vector<size_t>{0, 0, 1}));
  // No styles at all: every character takes index 0 (the material's base()).
  EXPECT_EQ(resolve("ab", {}), (std::vector<size_t>{0, 0}));
  EXPECT_TRUE(resolve("", {ranged(0, 4), ranged(0, 4)}).empty());
}

TEST(TextRange, CjkIsOneCodeUnitPerCharacter) {
  // "你好世界": the keyword 世界 at units [2, 4), the base range in bytes [0, 8).
  EXPECT_EQ(resolve("你好世界", {ranged(0, 8), ranged(2, 4)}), (std::vector<size_t>{0, 0, 1, 1}));
}

TEST(TextRange, EmojiCountTwoCodeUnits) {
  // "a😀bc": a=0, 😀=1..2, b=3, c=4 in UTF-16 code units.
  EXPECT_EQ(utf16_units(U'😀'), 2u);
  EXPECT_EQ(utf16_units(U'字'), 1u);
  EXPECT_EQ(resolve("a😀bc", {ranged(0, 10), ranged(3, 4)}), (std::vector<size_t>{0, 0, 1, 0}));
  EXPECT_EQ(resolve("a😀bc", {ranged(0, 10), ranged(1, 3)}), (std::vector<size_t>{0, 1, 0, 0}));
}

TEST(TextRange, ABoundaryInsideASurrogatePairMovesPastTheCharacter) {
  // End at unit 2 (inside 😀): the emoji is drawn whole in the range's style.
  EXPECT_EQ(resolve("a😀bc", {ranged(0, 10), ranged(0, 2)}), (std::vector<size_t>{1, 1, 0, 0}));
  // Begin at unit 2 (inside 😀): the emoji stays in the base style, b is the first covered.
  EXPECT_EQ(resolve("a😀bc", {ranged(0, 10), ranged(2, 4)}), (std::vector<size_t>{0, 0, 1, 0}));
  // A range entirely inside the pair covers nothing.
  EXPECT_EQ(resolve("a😀bc", {ranged(0, 10), ranged(2, 3)}), (std::vector<size_t>{0, 0, 0, 0}));
}

TEST(TextRange, NewlinesAreCodeUnitsToo) {
  // "ab\ncd": "cd" is [3, 5).
  EXPECT_EQ(resolve("ab\ncd", {ranged(0, 10), ranged(3, 5)}), (std::vector<size_t>{0, 0, 0, 1, 1}));
}

} // namespace
} // namespace cutqueue::render
