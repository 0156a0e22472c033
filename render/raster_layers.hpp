// The layers a caption is composited from: coverage planes (the union of glyph coverages of one
// paint), a fast gaussian-like blur for soft shadows, and "over" compositing of solid paints
// into a premultiplied image.
#pragma once

#include "draft/model.hpp"
#include "render/glyph_raster.hpp"
#include "render/png_reader.hpp"

#include <cstdint>
#include <vector>

namespace cutqueue::render {

/// Coverage 0..1 over an image `width` x `height`, with the box of pixels ever touched so that
/// blurring and painting skip the empty rest.
class coverage_plane {
public:
  coverage_plane(int width, int height);

  /// Adds `c` shifted by (dx, dy) as a union (a + b - ab): where glyphs overlap, the paint is
  /// no more opaque than over one glyph, so overlaps never show as darker spots.
  void unite(const coverage& c, int dx, int dy);

  /// Blurs with a gaussian of `sigma` pixels, approximated by three box blurs (O(1) per pixel
  /// whatever the radius). What spreads past the image edge is lost: leave a margin of 3 sigma.
  void blur(double sigma);

  int width() const { return w_; }
  int height() const { return h_; }
  float at(int x, int y) const { return v_[static_cast<size_t>(y) * w_ + x]; }
  const float* row(int y) const { return v_.data() + static_cast<size_t>(y) * w_; }
  bool empty() const { return x1_ <= x0_ || y1_ <= y0_; }
  /// The touched box [x0, x1) x [y0, y1): coverage is 0 outside it.
  int x0() const { return x0_; }
  int x1() const { return x1_; }
  int y0() const { return y0_; }
  int y1() const { return y1_; }

private:
  void blur_rows(const std::vector<int>& radii, int spread);
  void blur_columns(const std::vector<int>& radii, int spread);

  int w_, h_;
  std::vector<float> v_;
  int x0_, y0_, x1_, y1_; ///< touched box [x0, x1) x [y0, y1)
};

/// A solid colour (at its own alpha) through a plane's coverage.
struct plane_paint {
  const coverage_plane* plane = nullptr;
  draft::rgba colour;
  /// When set, the colour of each pixel comes from this picture stretched over the whole
  /// image (its alpha times colour.a), as a 花字 texture fills its text.
  const rgba_picture* texture = nullptr;
};

/// Composites `paints` bottom to top ("over"), starting from transparent, into straight
/// (non-premultiplied) 8-bit RGBA of the planes' size, every alpha multiplied by `opacity`.
/// Row by row through a small premultiplied buffer: a whole-image float buffer would be read
/// and written once per paint, and memory, not arithmetic, bounds this.
std::vector<uint8_t> composite_rgba8(int width, int height, const std::vector<plane_paint>& paints,
                                     double opacity);

/// The three box widths whose successive blurs approximate a gaussian of `sigma`.
std::vector<int> gaussian_boxes(double sigma);

} // namespace cutqueue::render
