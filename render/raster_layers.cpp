#include "render/raster_layers.hpp"

#include <algorithm>
#include <cmath>

namespace cutqueue::render {

coverage_plane::coverage_plane(int width, int height)
    : w_(std::max(0, width)), h_(std::max(0, height)), v_(static_cast<size_t>(w_) * h_, 0.0f),
      x0_(w_), y0_(h_), x1_(0), y1_(0) {}

void coverage_plane::unite(const coverage& c, int dx, int dy) {
  const int left = c.left + dx, top = c.top + dy;
  const int xa = std::max(0, left), xb = std::min(w_, left + c.width);
  const int ya = std::max(0, top), yb = std::min(h_, top + c.height);
  if (xa >= xb || ya >= yb)
    return;
  for (int y = ya; y < yb; ++y) {
    const uint8_t* src = c.a.data() + static_cast<size_t>(y - top) * c.width + (xa - left);
    float* dst = v_.data() + static_cast<size_t>(y) * w_ + xa;
    for (int x = 0; x < xb - xa; ++x) {
      const float s = src[x] * (1.0f / 255);
      dst[x] += s - dst[x] * s;
    }
  }
  x0_ = std::min(x0_, xa);
  x1_ = std::max(x1_, xb);
  y0_ = std::min(y0_, ya);
  y1_ = std::max(y1_, yb);
}

std::vector<int> gaussian_boxes(double sigma) {
  // Three boxes of widths wl or wl + 2 (odd) whose variances add up to sigma^2 (W. Jarosz,
  // "Fast image convolutions"; box width w has variance (w^2 - 1) / 12).
  const int n = 3;
  const double ideal = std::sqrt(12 * sigma * sigma / n + 1);
  int wl = static_cast<int>(std::floor(ideal));
  if (wl % 2 == 0)
    --wl;
  const int wu = wl + 2;
  const double m = (12 * sigma * sigma - n * wl * wl - 4.0 * n * wl - 3.0 * n) / (-4.0 * wl - 4);
  const int small = static_cast<int>(std::lround(m));
  std::vector<int> out;
  for (int i = 0; i < n; ++i)
    out.push_back(i < small ? wl : wu);
  return out;
}

namespace {

/// One box blur of radius r along a line of `n` positions of `lanes` interleaved lines:
/// dst[i] = mean of src[i - r .. i + r], positions outside [0, n) counting as 0. The lanes are
/// independent, so the inner loops vectorise; a running sum makes it O(1) per position.
void box_lines(const float* src, float* dst, int n, int lanes, int r, float* sum) {
  const float norm = 1.0f / (2 * r + 1);
  std::fill(sum, sum + lanes, 0.0f);
  for (int k = 0; k < std::min(r, n); ++k)
    for (int j = 0; j < lanes; ++j)
      sum[j] += src[static_cast<size_t>(k) * lanes + j];
  for (int i = 0; i < n; ++i) {
    if (i + r < n) {
      const float* in = src + static_cast<size_t>(i + r) * lanes;
      for (int j = 0; j < lanes; ++j)
        sum[j] += in[j];
    }
    float* out = dst + static_cast<size_t>(i) * lanes;
    for (int j = 0; j < lanes; ++j)
      out[j] = sum[j] * norm;
    if (i - r >= 0) {
      const float* leave = src + static_cast<size_t>(i - r) * lanes;
      for (int j = 0; j < lanes; ++j)
        sum[j] -= leave[j];
    }
  }
}

} // namespace

void coverage_plane::blur(double sigma) {
  if (empty() || !(sigma > 0.3)) // below a third of a pixel a blur changes nothing visible
    return;
  std::vector<int> radii;
  for (int width : gaussian_boxes(sigma))
    if (width > 1)
      radii.push_back((width - 1) / 2);
  if (radii.empty())
    return;
  // Box blurs commute, so all horizontal passes run first, then all vertical ones; each axis
  // spreads the touched box by the sum of the radii.
  int spread = 0;
  for (int r : radii)
    spread += r;
  blur_rows(radii, spread);
  blur_columns(radii, spread);
}

void coverage_plane::blur_rows(const std::vector<int>& radii, int spread) {
  const int xa = std::max(0, x0_ - spread), xb = std::min(w_, x1_ + spread), n = xb - xa;
  constexpr int lanes = 8; // rows blurred together, interleaved: one SIMD-friendly inner loop
  std::vector<float> a(static_cast<size_t>(n) * lanes), b(a.size());
  float sum[lanes];
  for (int y = y0_; y < y1_; y += lanes) {
    const int rows = std::min(lanes, y1_ - y);
    std::fill(a.begin(), a.end(), 0.0f);
    for (int j = 0; j < rows; ++j) {
      const float* line = v_.data() + static_cast<size_t>(y + j) * w_;
      for (int x = x0_; x < x1_; ++x)
        a[static_cast<size_t>(x - xa) * lanes + j] = line[x];
    }
    float* src = a.data();
    float* dst = b.data();
    for (int r : radii) {
      box_lines(src, dst, n, lanes, r, sum);
      std::swap(src, dst);
    }
    for (int j = 0; j < rows; ++j) {
      float* line = v_.data() + static_cast<size_t>(y + j) * w_;
      for (int x = xa; x < xb; ++x)
        line[x] = std::max(0.0f, src[static_cast<size_t>(x - xa) * lanes + j]); // no -1e-9
    }
  }
  x0_ = xa;
  x1_ = xb;
}

void coverage_plane::blur_columns(const std::vector<int>& radii, int spread) {
  const int ya = std::max(0, y0_ - spread), yb = std::min(h_, y1_ + spread), n = yb - ya;
  // The rows of the touched box are the lanes here: contiguous already.
  const int lanes = x1_ - x0_;
  std::vector<float> a(static_cast<size_t>(n) * lanes, 0.0f), b(a.size()), sum(lanes);
  for (int y = y0_; y < y1_; ++y)
    std::copy_n(v_.data() + static_cast<size_t>(y) * w_ + x0_, lanes,
                a.begin() + static_cast<size_t>(y - ya) * lanes);
  float* src = a.data();
  float* dst = b.data();
  for (int r : radii) {
    box_lines(src, dst, n, lanes, r, sum.data());
    std::swap(src, dst);
  }
  for (int y = ya; y < yb; ++y) {
    float* line = v_.data() + static_cast<size_t>(y) * w_ + x0_;
    const float* in = src + static_cast<size_t>(y - ya) * lanes;
    for (int x = 0; x < lanes; ++x)
      line[x] = std::max(0.0f, in[x]);
  }
  y0_ = ya;
  y1_ = yb;
}

std::vector<uint8_t> composite_rgba8(int width, int height, const std::vector<plane_paint>& paints,
                                     double opacity) {
  const int w = std::max(0, width), h = std::max(0, height);
  std::vector<uint8_t> out(static_cast<size_t>(w) * h * 4, 0);
  const float o = static_cast<float>(std::clamp(opacity, 0.0, 1.0));
  // One premultiplied row, channel by channel, so every loop below vectorises.
  std::vector<float> r(w), g(w), b(w), a(w), inv(w);
  for (int y = 0; y < h; ++y) {
    int lo = w, hi = 0; // the span of the row that any paint covers
    for (const plane_paint& p : paints) {
      const coverage_plane& q = *p.plane;
      if (!q.empty() && y >= q.y0() && y < q.y1()) {
        lo = std::min(lo, q.x0());
        hi = std::max(hi, q.x1());
      }
    }
    if (lo >= hi)
      continue;
    for (auto* c : {&r, &g, &b, &a})
      std::fill(c->begin() + lo, c->begin() + hi, 0.0f);
    for (const plane_paint& p : paints) {
      const coverage_plane& q = *p.plane;
      if (q.empty() || y < q.y0() || y >= q.y1())
        continue;
      const float pa = static_cast<float>(std::clamp(p.colour.a, 0.0, 1.0));
      const float pr = static_cast<float>(std::clamp(p.colour.r, 0.0, 1.0));
      const float pg = static_cast<float>(std::clamp(p.colour.g, 0.0, 1.0));
      const float pb = static_cast<float>(std::clamp(p.colour.b, 0.0, 1.0));
      const float* m = q.row(y);
      if (p.texture && !p.texture->empty()) {
        const rgba_picture& t = *p.texture;
        const size_t ty =
            static_cast<size_t>(std::min(t.height - 1, y * t.height / std::max(1, h)));
        for (int x = q.x0(); x < q.x1(); ++x) {
          const size_t tx =
              static_cast<size_t>(std::min(t.width - 1, x * t.width / std::max(1, w)));
          const uint8_t* px = t.rgba.data() + (ty * static_cast<size_t>(t.width) + tx) * 4;
          const float s = m[x] * pa * (px[3] / 255.0f), keep = 1 - s;
          r[x] = (px[0] / 255.0f) * s + r[x] * keep;
          g[x] = (px[1] / 255.0f) * s + g[x] * keep;
          b[x] = (px[2] / 255.0f) * s + b[x] * keep;
          a[x] = s + a[x] * keep;
        }
        continue;
      }
      // No min/max or branches in these loops: GCC vectorises float loops only without them.
      // Coverage never exceeds 1 (a union, or its blur, of values in 0..1).
      for (int x = q.x0(); x < q.x1(); ++x) {
        const float s = m[x] * pa, keep = 1 - s;
        r[x] = pr * s + r[x] * keep;
        g[x] = pg * s + g[x] * keep;
        b[x] = pb * s + b[x] * keep;
        a[x] = s + a[x] * keep;
      }
    }
    // Premultiplied channels never exceed alpha, so r / a <= 1; the tiny term keeps a
    // transparent pixel's 0 / 0 at 0.
    for (int x = lo; x < hi; ++x)
      inv[x] = 255.0f / (a[x] + 1e-20f);
    uint8_t* row = out.data() + (static_cast<size_t>(y) * w) * 4;
    auto byte = [](float v) {
      const int i = static_cast<int>(v + 0.5f);
      return static_cast<uint8_t>(i < 255 ? i : 255);
    };
    for (int x = lo; x < hi; ++x) {
      row[x * 4] = byte(r[x] * inv[x]);
      row[x * 4 + 1] = byte(g[x] * inv[x]);
      row[x * 4 + 2] = byte(b[x] * inv[x]);
      row[x * 4 + 3] = byte(a[x] * o * 255.0f);
    }
  }
  return out;
}

} // namespace cutqueue::render
