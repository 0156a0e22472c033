// 花字 names read into caption colours: fill from X字, glow from Y色发光, outline from Y色描边;
// capcut-mate's ids give their names; anything unreadable gets the documented default.
#include "render/text_effect_looks.hpp"

#include <gtest/gtest.h>

namespace cutqueue::render {
namespace {

void expect_colour(const draft::rgba& c, double r, double g, double b, double a = 1.0) {
  EXPECT_DOUBLE_EQ(c.r, r);
  EXPECT_DOUBLE_EQ(c.g, g);
  EXPECT_DOUBLE_EQ(c.b, b);
  EXPECT_DOUBLE_EQ(c.a, a);
}

TEST(TextEffectLooks, WhiteTextWithOrangeGlow) {
  const auto s = text_effect_style_from_name("白字橘色发光花字");
  EXPECT_TRUE(s.has_fill);
  expect_colour(s.fill, 1, 1, 1);
  EXPECT_TRUE(s.has_glow);
  // Orange as the fixture's check reads it: R high, G mid, B low.
  EXPECT_GT(s.glow.r * 255, 200);
  EXPECT_GT(s.glow.g * 255, 70);
  EXPECT_LT(s.glow.g * 255, 210);
  EXPECT_LT(s.glow.b * 255, 70);
  EXPECT_FALSE(s.has_outline);
  EXPECT_EQ(s.name, "白字橘色发光花字");
  EXPECT_EQ(s.how, fidelity::family);
}

TEST(TextEffectLooks, CapcutMateIdsGiveTheirNamesAndTheIdWins) {
  EXPECT_EQ(text_effect_name("7371372494336396570"), "白字橘色发光花字");
  EXPECT_EQ(text_effect_name("7296357486490144037"), "黄字白色发光花字");
  EXPECT_EQ(text_effect_name("7296357486490144041"), "紫字白色发光花字");
  EXPECT_EQ(text_effect_name("1"), "");
  // The fixture's caption carries only the id.
  const auto fixture = text_effect_look("7371372494336396570", "");
  expect_colour(fixture.fill, 1, 1, 1);
  EXPECT_TRUE(fixture.has_glow);
  // A known id beats a conflicting name.
  const auto yellow = text_effect_look("7296357486490144037", "蓝字白色发光花字");
  EXPECT_EQ(yellow.name, "黄字白色发光花字");
  expect_colour(yellow.glow, 1, 1, 1);
  EXPECT_GT(yellow.fill.r, 0.9);
  EXPECT_LT(yellow.fill.b, 0.2);
}

TEST(TextEffectLooks, ReadsOutlinesAndEveryColourWord) {
  const auto s = text_effect_style_from_name("黑字金色描边");
  expect_colour(s.fill, 0, 0, 0);
  EXPECT_TRUE(s.has_outline);
  EXPECT_GT(s.outline.r, s.outline.b); // gold
  EXPECT_FALSE(s.has_glow);
  EXPECT_TRUE(text_effect_style_from_name("红边").has_outline);
  EXPECT_TRUE(text_effect_style_from_name("蓝光").has_glow);
  for (const char* word :
       {"白", "黑", "红", "橙", "橘", "黄", "绿", "青", "蓝", "紫", "粉", "金", "银", "棕"})
    EXPECT_TRUE(text_effect_style_from_name(std::string(word) + "字").has_fill) << word;
  // The first colour for a part wins; later ones for other parts still count.
  const auto two = text_effect_style_from_name("粉字绿字紫色描边");
  EXPECT_GT(two.fill.r, 0.9);
  EXPECT_TRUE(two.has_outline);
  EXPECT_GT(two.outline.b, two.outline.g);
}

TEST(TextEffectLooks, PartsTheNameDoesNotMentionAreAbsent) {
  const auto glow_only = text_effect_style_from_name("金色发光");
  EXPECT_FALSE(glow_only.has_fill); // the caption keeps its own colour
  EXPECT_TRUE(glow_only.has_glow);
  const auto none = text_effect_style_from_name("可爱花字");
  EXPECT_FALSE(none.has_fill || none.has_glow || none.has_outline);
  EXPECT_EQ(none.how, fidelity::fallback);
}

TEST(TextEffectLooks, UnknownEffectsGetWhiteTextWithASoftDarkGlow) {
  for (const auto& s : {text_effect_look("123", ""), text_effect_look("", "可爱花字")}) {
    EXPECT_TRUE(s.has_fill);
    expect_colour(s.fill, 1, 1, 1);
    EXPECT_TRUE(s.has_glow);
    expect_colour(s.glow, 0, 0, 0, 0.6);
    EXPECT_FALSE(s.has_outline);
    EXPECT_EQ(s.how, fidelity::fallback);
    EXPECT_EQ(s.name, "");
  }
  // An unknown id with a readable name: the name.
  EXPECT_EQ(text_effect_look("123", "绿字白色发光花字").name, "绿字白色发光花字");
}

} // namespace
} // namespace cutqueue::render
