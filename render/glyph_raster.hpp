// Anti-aliased coverage of placed caption glyphs and underline bars: FreeType outlines with
// synthetic bold and italic, and their stroked borders.
#pragma once

#include "render/caption_shaping.hpp"

#include <cstdint>
#include <vector>

namespace cutqueue::render {

/// An 8-bit coverage bitmap whose top-left pixel lies at (left, top) in block pixels.
struct coverage {
  int left = 0, top = 0, width = 0, height = 0;
  std::vector<uint8_t> a; ///< width x height, row-major
  bool empty() const { return width <= 0 || height <= 0; }
};

/// Slant of synthetic italic: tan(12 degrees), about what oblique Latin faces use.
constexpr double synthetic_italic_shear = 0.21255656167;

class glyph_rasterizer {
public:
  explicit glyph_rasterizer(FT_Library ft);
  ~glyph_rasterizer();
  glyph_rasterizer(const glyph_rasterizer&) = delete;
  glyph_rasterizer& operator=(const glyph_rasterizer&) = delete;

  /// The glyph's fill and, when `stroke_radius` > 0, its outline grown by that many pixels (a
  /// round-joined border that includes the glyph's inside). Rendered at the glyph's exact
  /// fractional position. Empty coverages for glyphs without an outline (spaces, bitmap emoji).
  void rasterize(const placed_glyph& g, double stroke_radius, coverage& fill, coverage& stroke);

private:
  FT_Library ft_;
  void* stroker_ = nullptr; ///< FT_Stroker
  double stroker_radius_ = -1;
};

/// Coverage of the rectangle [x0, x1) x [y0, y1) grown by `grow` pixels on every side, with
/// fractional edges anti-aliased (area coverage).
coverage bar_coverage(const placed_bar& b, double grow);

} // namespace cutqueue::render
