#include "render/font_metrics.hpp"
#include "render/fonts.hpp"

#include <gtest/gtest.h>

namespace cutqueue::render {
namespace {

TEST(FontMetrics, TellsWhichCharactersAFaceCanDraw) {
  auto fonts = find_caption_fonts("");
  ASSERT_FALSE(fonts.italic.empty()) << "no oblique font: make deps installs fonts-dejavu-extra";
  font_metrics oblique(fonts.italic);
  ASSERT_TRUE(oblique.ok());
  EXPECT_TRUE(oblique.has_glyph(U'A'));
  EXPECT_TRUE(oblique.has_glyph(U'é'));
  EXPECT_TRUE(oblique.has_glyph(U'Ж'));
  EXPECT_FALSE(oblique.has_glyph(U'斜')); // why italic Chinese stays upright
  font_metrics regular(fonts.regular);
  ASSERT_TRUE(regular.ok());
  EXPECT_TRUE(regular.has_glyph(U'斜'));
  EXPECT_GT(regular.advance(U'斜', 40), 0);
}

TEST(FontMetrics, AnUnreadableFileHasNoGlyphs) {
  font_metrics none("/nonexistent/font.ttf");
  EXPECT_FALSE(none.ok());
  EXPECT_FALSE(none.has_glyph(U'A'));
  EXPECT_EQ(none.advance(U'A', 40), 0);
}

} // namespace
} // namespace cutqueue::render
