// Line breaking and line placement of captions, with a fixed advance so wrap points are exact:
// every character is 10 px wide, CJK characters 20 px.
#include "render/caption_layout.hpp"

#include <gtest/gtest.h>

namespace cutqueue::render {
namespace {

using lines = std::vector<std::string>;

double fixed_advance(char32_t c) {
  return is_wide_char(c) ? 20.0 : 10.0;
}

lines wrap(const std::string& text, double max_width) {
  return wrap_caption(text, max_width, fixed_advance);
}

TEST(CaptionLayout, ShortTextStaysOnOneLine) {
  EXPECT_EQ(wrap("HELLO ONE", 200), lines{"HELLO ONE"});
  EXPECT_EQ(wrap("HELLO ONE", 0), lines{"HELLO ONE"}); // no limit
}

TEST(CaptionLayout, LatinBreaksAfterSpacesAndDropsThem) {
  // 100 px: ten characters a line.
  EXPECT_EQ(wrap("the quick brown fox jumps", 100), (lines{"the quick", "brown fox", "jumps"}));
  // Spaces at the break are not drawn, however many there are.
  EXPECT_EQ(wrap("abcdefgh     ijk", 100), (lines{"abcdefgh", "ijk"}));
}

TEST(CaptionLayout, WordLongerThanALineIsCut) {
  EXPECT_EQ(wrap("abcdefghijklmnopqrstuvwxyz", 100), (lines{"abcdefghij", "klmnopqrst", "uvwxyz"}));
  // A word after a space: the break goes at the space first.
  EXPECT_EQ(wrap("hi abcdefghijklmn", 100), (lines{"hi", "abcdefghij", "klmn"}));
  // Leading spaces never make an empty first line.
  EXPECT_EQ(wrap("  abcdefghijkl", 100), (lines{"  abcdefgh", "ijkl"}));
}

TEST(CaptionLayout, CjkBreaksBetweenCharacters) {
  // 100 px: five ideographs a line, no spaces needed.
  EXPECT_EQ(wrap("第三行字幕测试一下", 100), (lines{"第三行字幕", "测试一下"}));
  // Closing punctuation never starts a line: the ideograph before it moves along.
  EXPECT_EQ(wrap("一二三四五，六七", 100), (lines{"一二三四", "五，六七"}));
  // Mixed scripts break between a Latin word and an ideograph.
  EXPECT_EQ(wrap("abcdef第三行", 100), (lines{"abcdef第三", "行"}));
}

TEST(CaptionLayout, ExplicitNewlinesAlwaysBreak) {
  EXPECT_EQ(wrap("one\ntwo", 0), (lines{"one", "two"}));
  EXPECT_EQ(wrap("one\r\ntwo\n", 1000), (lines{"one", "two"})); // CRLF; trailing newline dropped
  EXPECT_EQ(wrap("one\n\nthree", 0), (lines{"one", "", "three"}));
  EXPECT_EQ(wrap("aaaa bbbb cccc\nx", 100), (lines{"aaaa bbbb", "cccc", "x"}));
}

TEST(CaptionLayout, BytesOfLinesAreTheInputsBytes) {
  // Filter syntax and malformed UTF-8 pass through untouched (drawtext reads them from a file).
  const std::string nasty = "50% off: a,b;c [x] \\n %{localtime} 'q' \xff\xfe end";
  std::string joined;
  for (const auto& l : wrap(nasty, 120))
    joined += (joined.empty() ? "" : " ") + l;
  EXPECT_EQ(joined, nasty);
}

TEST(CaptionLayout, SpansNameTheCharactersOfEachLine) {
  // The same rules as wrap_caption, with an advance that may depend on the position: here the
  // characters from index 4 on are twice as wide (a bigger keyword).
  const std::u32string text = U"ab cd\n第三行字幕";
  auto advance = [](size_t i, char32_t c) {
    return (is_wide_char(c) ? 20.0 : 10.0) * (i >= 4 ? 2 : 1);
  };
  auto spans = wrap_caption_spans(text, 90, advance);
  ASSERT_EQ(spans.size(), 4u);
  EXPECT_EQ(spans[0].begin, 0u); // "ab cd" is 10+10+10+10+20 = 60 wide
  EXPECT_EQ(spans[0].end, 5u);
  EXPECT_EQ(spans[1].begin, 6u); // 40 px ideographs: two a line
  EXPECT_EQ(spans[1].end, 8u);
  EXPECT_EQ(spans[2].begin, 8u);
  EXPECT_EQ(spans[2].end, 10u);
  EXPECT_EQ(spans[3].begin, 10u);
  EXPECT_EQ(spans[3].end, 11u);
}

TEST(CaptionLayout, EstimatedAdvanceTellsCjkFromLatin) {
  EXPECT_DOUBLE_EQ(estimated_advance(U'字', 30), 30);
  EXPECT_DOUBLE_EQ(estimated_advance(U'，', 30), 30);
  EXPECT_LT(estimated_advance(U'a', 30), 20);
  EXPECT_LT(estimated_advance(U' ', 30), estimated_advance(U'a', 30));
  EXPECT_EQ(decode_utf8("a字"), U"a字");
}

} // namespace
} // namespace cutqueue::render
