#include "render/glyph_raster.hpp"

#include <algorithm>
#include <cmath>
#include FT_GLYPH_H
#include FT_OUTLINE_H
#include FT_STROKER_H

namespace cutqueue::render {

namespace {

/// Copies a rendered bitmap glyph into `out`, placed against the integer pen position.
void take_bitmap(FT_Glyph glyph, int pen_x, int pen_y, coverage& out) {
  out = coverage{};
  if (FT_Glyph_To_Bitmap(&glyph, FT_RENDER_MODE_NORMAL, nullptr, 1) != 0) {
    FT_Done_Glyph(glyph);
    return;
  }
  auto* bg = reinterpret_cast<FT_BitmapGlyph>(glyph);
  const FT_Bitmap& bm = bg->bitmap;
  if (bm.pixel_mode == FT_PIXEL_MODE_GRAY && bm.width > 0 && bm.rows > 0) {
    out.left = pen_x + bg->left;
    out.top = pen_y - bg->top;
    out.width = static_cast<int>(bm.width);
    out.height = static_cast<int>(bm.rows);
    out.a.resize(static_cast<size_t>(out.width) * out.height);
    for (int y = 0; y < out.height; ++y) {
      const unsigned char* row =
          bm.pitch >= 0 ? bm.buffer + y * bm.pitch : bm.buffer + (out.height - 1 - y) * -bm.pitch;
      std::copy(row, row + out.width, out.a.begin() + static_cast<size_t>(y) * out.width);
    }
  }
  FT_Done_Glyph(glyph);
}

} // namespace

glyph_rasterizer::glyph_rasterizer(FT_Library ft) : ft_(ft) {
  FT_Stroker s = nullptr;
  if (ft && FT_Stroker_New(ft, &s) == 0)
    stroker_ = s;
}

glyph_rasterizer::~glyph_rasterizer() {
  if (stroker_)
    FT_Stroker_Done(static_cast<FT_Stroker>(stroker_));
}

void glyph_rasterizer::rasterize(const placed_glyph& g, double stroke_radius, coverage& fill,
                                 coverage& stroke) {
  fill = coverage{};
  stroke = coverage{};
  FT_Face face = g.face->ft;
  g.face->set_size(g.size.px_x, g.size.px_y);
  if (FT_Load_Glyph(face, g.glyph_id, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) != 0 ||
      face->glyph->format != FT_GLYPH_FORMAT_OUTLINE)
    return;
  FT_Outline* o = &face->glyph->outline;
  if (g.synthetic_bold)
    FT_Outline_Embolden(o, static_cast<FT_Pos>(synthetic_bold_em * g.size.px_x * 64));
  if (g.synthetic_italic) {
    // x' = x + shear * y about the baseline (FreeType's y is up): tops lean right.
    FT_Matrix shear{0x10000, static_cast<FT_Fixed>(synthetic_italic_shear * 0x10000), 0, 0x10000};
    FT_Outline_Transform(o, &shear);
  }
  // Whole pixels go into the bitmap's placement, the fraction into the outline, so the
  // anti-aliasing is that of the exact position.
  const double fx = std::floor(g.x), fy = std::floor(g.y);
  FT_Outline_Translate(o, static_cast<FT_Pos>(std::lround((g.x - fx) * 64)),
                       -static_cast<FT_Pos>(std::lround((g.y - fy) * 64)));
  const int pen_x = static_cast<int>(fx), pen_y = static_cast<int>(fy);
  FT_Glyph glyph = nullptr;
  if (FT_Get_Glyph(face->glyph, &glyph) != 0)
    return;
  if (stroke_radius > 0 && stroker_) {
    FT_Glyph border = nullptr;
    if (FT_Glyph_Copy(glyph, &border) == 0) {
      auto s = static_cast<FT_Stroker>(stroker_);
      if (stroke_radius != stroker_radius_) {
        FT_Stroker_Set(s, static_cast<FT_Fixed>(stroke_radius * 64), FT_STROKER_LINECAP_ROUND,
                       FT_STROKER_LINEJOIN_ROUND, 0);
        stroker_radius_ = stroke_radius;
      }
      // The outside border: the glyph grown by the radius, its inside filled too.
      if (FT_Glyph_StrokeBorder(&border, s, 0, 1) == 0)
        take_bitmap(border, pen_x, pen_y, stroke);
      else
        FT_Done_Glyph(border);
    }
  }
  take_bitmap(glyph, pen_x, pen_y, fill);
}

coverage bar_coverage(const placed_bar& b, double grow) {
  coverage c;
  const double x0 = b.x0 - grow, x1 = b.x1 + grow, y0 = b.y0 - grow, y1 = b.y1 + grow;
  if (!(x1 > x0 && y1 > y0))
    return c;
  c.left = static_cast<int>(std::floor(x0));
  c.top = static_cast<int>(std::floor(y0));
  c.width = static_cast<int>(std::ceil(x1)) - c.left;
  c.height = static_cast<int>(std::ceil(y1)) - c.top;
  c.a.resize(static_cast<size_t>(c.width) * c.height);
  // The overlap of each pixel with the rectangle, separable in x and y.
  auto overlap = [](int p, double lo, double hi) {
    return std::clamp(std::min(hi, p + 1.0) - std::max(lo, static_cast<double>(p)), 0.0, 1.0);
  };
  for (int y = 0; y < c.height; ++y) {
    const double oy = overlap(c.top + y, y0, y1);
    for (int x = 0; x < c.width; ++x)
      c.a[static_cast<size_t>(y) * c.width + x] =
          static_cast<uint8_t>(std::lround(255 * oy * overlap(c.left + x, x0, x1)));
  }
  return c;
}

} // namespace cutqueue::render
