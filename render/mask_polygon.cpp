#include "render/mask_polygon.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cutqueue::render::mask_detail {

namespace {

/// Outline edges, prepared once: start, direction and 1/length² (zero-length edges dropped).
struct edges {
  std::vector<double> ax, ay, ex, ey, inv_len2;

  size_t size() const { return ax.size(); }

  double distance2(size_t i, double px, double py) const {
    double wx = px - ax[i], wy = py - ay[i];
    double t = std::clamp((wx * ex[i] + wy * ey[i]) * inv_len2[i], 0.0, 1.0);
    double dx = wx - t * ex[i], dy = wy - t * ey[i];
    return dx * dx + dy * dy;
  }
};

edges edges_of(const std::vector<point>& outline) {
  edges e;
  for (size_t i = 0; i < outline.size(); ++i) {
    const point& a = outline[i];
    const point& b = outline[(i + 1) % outline.size()];
    double ex = b.x - a.x, ey = b.y - a.y;
    double len2 = ex * ex + ey * ey;
    if (!(len2 > 0))
      continue; // a repeated vertex: no edge, and it would divide by zero below
    e.ax.push_back(a.x);
    e.ay.push_back(a.y);
    e.ex.push_back(ex);
    e.ey.push_back(ey);
    e.inv_len2.push_back(1 / len2);
  }
  return e;
}

/// Even-odd fill at pixel centres: every pixel becomes fully inside or outside. The distance
/// pass then only revisits pixels near the outline and takes their side from here.
void fill_scanlines(const edges& e, uint8_t in, uint8_t outside, int w, int h, uint8_t* out) {
  std::vector<double> xs;
  for (int y = 0; y < h; ++y) {
    uint8_t* row = out + static_cast<size_t>(y) * w;
    std::fill(row, row + w, outside);
    const double yc = y + 0.5;
    xs.clear();
    for (size_t i = 0; i < e.size(); ++i) {
      double ay = e.ay[i], by = ay + e.ey[i];
      if ((ay <= yc) != (by <= yc))
        xs.push_back(e.ax[i] + (yc - ay) * e.ex[i] / e.ey[i]);
    }
    std::sort(xs.begin(), xs.end());
    // Pixel x is inside a span [x0, x1) when its centre x + 0.5 is.
    auto column = [w](double x) {
      return static_cast<int>(std::clamp(std::ceil(x - 0.5), 0.0, static_cast<double>(w)));
    };
    for (size_t i = 0; i + 1 < xs.size(); i += 2)
      std::fill(row + column(xs[i]), row + std::max(column(xs[i]), column(xs[i + 1])), in);
  }
}

/// Quadtree over the picture that narrows the edges worth measuring. For a region with centre c
/// and half diagonal r, a pixel p whose distance D(p) is inside the ramp has its nearest edge
/// within min(dmin + 2r, half ramp + r) of c (dmin: nearest candidate to c), so every other edge
/// is dropped; and when dmin - r >= half ramp no pixel of the region is in the ramp at all.
class distance_pass {
public:
  distance_pass(const edges& e, const coverage_ramp& ramp, uint8_t in, int w, uint8_t* out)
      : e_(e), ramp_(ramp), in_(in), w_(w), out_(out) {}

  void run(int h) {
    std::vector<uint32_t> all(e_.size());
    for (size_t i = 0; i < all.size(); ++i)
      all[i] = static_cast<uint32_t>(i);
    // Sized once: children hold references into their parent's level. Each level halves the
    // region, so 64 levels are more than any int-sized picture needs.
    scratch_.resize(64);
    refine(0, 0, w_, h, all, 0);
  }

private:
  static constexpr int leaf = 8;

  void refine(int x0, int y0, int x1, int y1, const std::vector<uint32_t>& cand, size_t depth) {
    const double cx = (x0 + x1) / 2.0, cy = (y0 + y1) / 2.0;
    const double r = 0.5 * std::hypot(x1 - x0 - 1, y1 - y0 - 1);
    level& lv = scratch_[depth];
    lv.d2.resize(cand.size());
    double best = std::numeric_limits<double>::infinity();
    for (size_t k = 0; k < cand.size(); ++k) {
      lv.d2[k] = e_.distance2(cand[k], cx, cy);
      best = std::min(best, lv.d2[k]);
    }
    const double dmin = std::sqrt(best);
    if (!(dmin - r < ramp_.half_width()))
      return; // the scanline pass already has every pixel of the region right
    const double limit = std::min(dmin + 2 * r, ramp_.half_width() + r);
    lv.next.clear();
    for (size_t k = 0; k < cand.size(); ++k)
      if (lv.d2[k] <= limit * limit)
        lv.next.push_back(cand[k]);

    if (x1 - x0 <= leaf && y1 - y0 <= leaf) {
      measure(x0, y0, x1, y1, lv.next);
      return;
    }
    // Split the longer sides only, so thin strips at the picture's border stay cheap.
    const int xm = x1 - x0 > leaf ? (x0 + x1) / 2 : x1;
    const int ym = y1 - y0 > leaf ? (y0 + y1) / 2 : y1;
    // `lv.next` is not touched by deeper levels, so the children can share it.
    refine(x0, y0, xm, ym, lv.next, depth + 1);
    if (xm < x1)
      refine(xm, y0, x1, ym, lv.next, depth + 1);
    if (ym < y1)
      refine(x0, ym, xm, y1, lv.next, depth + 1);
    if (xm < x1 && ym < y1)
      refine(xm, ym, x1, y1, lv.next, depth + 1);
  }

  /// Exact distances for one leaf. Candidates are re-expressed around the leaf in floats: each
  /// edge by the foot F of the perpendicular from the leaf's first pixel centre and its ends
  /// as parameters relative to F. A candidate lies within the leaf's search radius, so the
  /// floats stay about that size however long the edge or far the picture origin. Rows are a
  /// fixed 8 lanes so the loops vectorise.
  void measure(int x0, int y0, int x1, int y1, const std::vector<uint32_t>& cand) {
    const double ox = x0 + 0.5, oy = y0 + 0.5;
    const size_t m = cand.size();
    local_.resize(m);
    for (size_t j = 0; j < m; ++j) {
      const uint32_t i = cand[j];
      const double t0 = ((ox - e_.ax[i]) * e_.ex[i] + (oy - e_.ay[i]) * e_.ey[i]) * e_.inv_len2[i];
      local_[j] = {static_cast<float>(e_.ax[i] + t0 * e_.ex[i] - ox),
                   static_cast<float>(e_.ay[i] + t0 * e_.ey[i] - oy),
                   static_cast<float>(e_.ex[i]),
                   static_cast<float>(e_.ey[i]),
                   static_cast<float>(e_.inv_len2[i]),
                   static_cast<float>(-t0),
                   static_cast<float>(1 - t0)};
    }
    // All 8×8 lanes per edge, so each edge's values are loaded once per leaf, not per row.
    const int n = x1 - x0, rows = y1 - y0;
    float best[leaf * leaf];
    std::fill(best, best + leaf * leaf, std::numeric_limits<float>::infinity());
    for (const local_edge& le : local_) {
      for (int r = 0; r < rows; ++r) {
        const float wy = static_cast<float>(r) - le.fy;
        float* b = best + r * leaf;
        for (int k = 0; k < leaf; ++k) {
          const float wx = static_cast<float>(k) - le.fx;
          const float s = std::clamp((wx * le.ex + wy * le.ey) * le.inv_len2, le.lo, le.hi);
          const float dx = wx - s * le.ex, dy = wy - s * le.ey;
          b[k] = std::min(b[k], dx * dx + dy * dy);
        }
      }
    }
    for (int r = 0; r < rows; ++r) {
      float* b = best + r * leaf;
      for (int k = 0; k < leaf; ++k)
        b[k] = std::sqrt(b[k]);
      uint8_t* row = out_ + static_cast<size_t>(y0 + r) * w_ + x0;
      for (int k = 0; k < n; ++k)
        row[k] = ramp_(row[k] == in_ ? b[k] : -b[k]);
    }
  }

  struct local_edge {
    float fx, fy, ex, ey, inv_len2, lo, hi;
  };

  struct level {
    std::vector<double> d2;
    std::vector<uint32_t> next;
  };

  const edges& e_;
  const coverage_ramp& ramp_;
  uint8_t in_;
  int w_;
  uint8_t* out_;
  std::vector<level> scratch_;
  std::vector<local_edge> local_;
};

} // namespace

void raster_polygon(const std::vector<point>& outline, const coverage_ramp& ramp, int w, int h,
                    uint8_t* out) {
  const double far = std::numeric_limits<double>::infinity();
  const uint8_t in = ramp(far), outside = ramp(-far);
  const edges e = outline.size() < 3 ? edges{} : edges_of(outline);
  fill_scanlines(e, in, outside, w, h, out);
  if (e.size() > 0)
    distance_pass(e, ramp, in, w, out).run(h);
}

} // namespace cutqueue::render::mask_detail
