#include "render/mask_analytic.hpp"

#include <algorithm>
#include <cmath>

namespace cutqueue::render::mask_detail {

namespace {

constexpr int tile = 16;

/// Fills the picture tile by tile. `shape.bound(lx, ly)` is a signed value that changes by at
/// most the distance moved (1-Lipschitz) and never exceeds |distance| in size, with its sign:
/// so when it clears the ramp by more than the tile's radius, the whole tile is fully shown or
/// hidden and `shape.distance` is only evaluated on tiles crossing the ramp.
template <class Shape>
void fill(const mask_frame& f, const coverage_ramp& ramp, int w, int h, uint8_t* out,
          const Shape& shape) {
  const uint8_t in = ramp(HUGE_VAL), outside = ramp(-HUGE_VAL);
  for (int ty = 0; ty < h; ty += tile) {
    const int y1 = std::min(h, ty + tile);
    for (int tx = 0; tx < w; tx += tile) {
      const int x1 = std::min(w, tx + tile);
      // Farthest pixel centre from the tile's centre.
      const double r = 0.5 * std::hypot(x1 - tx - 1, y1 - ty - 1);
      double lx = 0, ly = 0;
      f.to_local((tx + x1) / 2.0, (ty + y1) / 2.0, lx, ly);
      const double b = shape.bound(lx, ly);
      const bool all_in = b - r >= ramp.half_width(), all_out = b + r <= -ramp.half_width();
      for (int y = ty; y < y1; ++y) {
        uint8_t* row = out + static_cast<size_t>(y) * w;
        if (all_in || all_out) {
          std::fill(row + tx, row + x1, all_in ? in : outside);
          continue;
        }
        // Local coordinates advance by a constant step along a row. A full tile row of
        // distances first: a fixed count, which -O2 vectorises for the shapes without sqrt.
        double lx0 = 0, ly0 = 0;
        f.to_local(tx + 0.5, y + 0.5, lx0, ly0);
        double d[tile];
        for (int k = 0; k < tile; ++k)
          d[k] = shape.distance(lx0 + f.cos * k, ly0 - f.sin * k);
        for (int x = tx; x < x1; ++x)
          row[x] = ramp(d[x - tx]);
      }
    }
  }
}

/// Shapes whose distance is exact are their own bound.
template <class Derived>
struct exact {
  double bound(double lx, double ly) const {
    return static_cast<const Derived&>(*this).distance(lx, ly);
  }
};

struct half_plane : exact<half_plane> {
  double distance(double, double ly) const { return -ly; }
};

struct band : exact<band> {
  double half;
  explicit band(double half_thickness) : half(half_thickness) {}
  double distance(double, double ly) const { return half - std::abs(ly); }
};

struct rounded_rect : exact<rounded_rect> {
  // The straight sides are the box shrunk by the radius, the corners quarter circles about
  // the shrunk box's corners.
  double ix, iy, radius;
  rounded_rect(double hx, double hy, double r) : ix(hx - r), iy(hy - r), radius(r) {}
  double distance(double lx, double ly) const {
    double qx = std::abs(lx) - ix, qy = std::abs(ly) - iy;
    double ox = std::max(qx, 0.0), oy = std::max(qy, 0.0);
    double outside = std::sqrt(ox * ox + oy * oy);
    double inside = std::min(std::max(qx, qy), 0.0);
    return radius - outside - inside;
  }
};

/// First-order distance: the implicit function 1 - |p/r| divided by its gradient length. Exact
/// for a circle and on the edge itself, within a few percent across a feather ramp (an exact
/// ellipse distance needs a root solve per pixel).
struct ellipse {
  double ia2, ib2, ia4, ib4, minor;
  ellipse(double a, double b)
      : ia2(1 / (a * a)), ib2(1 / (b * b)), ia4(ia2 * ia2), ib4(ib2 * ib2), minor(std::min(a, b)) {}

  double distance(double lx, double ly) const {
    double x2 = lx * lx, y2 = ly * ly;
    double k0 = std::sqrt(x2 * ia2 + y2 * ib2);
    double k1 = std::sqrt(x2 * ia4 + y2 * ib4);
    // At the very centre the quotient is 0/0; the true distance there is the minor semi-axis.
    return k1 > 0 ? k0 * (1 - k0) / k1 : minor;
  }

  // |p/r| grows by at most 1/minor per pixel, and |distance| = |1 - k0| / |grad k0| with
  // |grad k0| <= 1/minor, so minor·(1 - k0) is a 1-Lipschitz bound with the right sign.
  double bound(double lx, double ly) const {
    return minor * (1 - std::sqrt(lx * lx * ia2 + ly * ly * ib2));
  }
};

} // namespace

void raster_line(const mask_frame& f, const coverage_ramp& ramp, int w, int h, uint8_t* out) {
  fill(f, ramp, w, h, out, half_plane{});
}

void raster_band(const mask_frame& f, double half_thickness, const coverage_ramp& ramp, int w,
                 int h, uint8_t* out) {
  fill(f, ramp, w, h, out, band(half_thickness));
}

void raster_ellipse(const mask_frame& f, double a, double b, const coverage_ramp& ramp, int w,
                    int h, uint8_t* out) {
  fill(f, ramp, w, h, out, ellipse(a, b));
}

void raster_rounded_rect(const mask_frame& f, double hx, double hy, double radius,
                         const coverage_ramp& ramp, int w, int h, uint8_t* out) {
  fill(f, ramp, w, h, out, rounded_rect(hx, hy, radius));
}

} // namespace cutqueue::render::mask_detail
