#include "render/mask_outline.hpp"

#include <algorithm>
#include <cmath>

namespace cutqueue::render::mask_detail {

namespace {

constexpr double pi = 3.14159265358979323846;

double heart_x(double t) {
  double s = std::sin(t);
  return 16 * s * s * s;
}

double heart_y(double t) {
  return 13 * std::cos(t) - 5 * std::cos(2 * t) - 2 * std::cos(3 * t) - std::cos(4 * t);
}

/// Top of the heart's lobes (y up). The bottom tip is exactly -17 (t = π) and the sides ±16.
/// The lobes peak once in (0, π/2): coarse samples find the bracket, golden sections refine it.
double heart_top() {
  static const double top = [] {
    constexpr int n = 64;
    int best = 0;
    for (int i = 1; i <= n; ++i)
      if (heart_y(pi / 2 * i / n) > heart_y(pi / 2 * best / n))
        best = i;
    double lo = pi / 2 * std::max(0, best - 1) / n, hi = pi / 2 * std::min(n, best + 1) / n;
    const double g = (std::sqrt(5.0) - 1) / 2;
    for (int i = 0; i < 60; ++i) {
      double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
      if (heart_y(a) < heart_y(b))
        lo = a;
      else
        hi = b;
    }
    return heart_y((lo + hi) / 2);
  }();
  return top;
}

/// Box-stretched heart point at parameter t.
struct heart_curve {
  double sx, sy, mid;

  point at(double t) const { return {heart_x(t) * sx, (mid - heart_y(t)) * sy}; }
};

double distance_to_chord(const point& p, const point& a, const point& b) {
  double ex = b.x - a.x, ey = b.y - a.y;
  double len = std::hypot(ex, ey);
  if (!(len > 0))
    return std::hypot(p.x - a.x, p.y - a.y);
  return std::abs((p.x - a.x) * ey - (p.y - a.y) * ex) / len;
}

/// Splits [t0, t1] until the curve's midpoint is within `tol` of the chord. The depth cap keeps
/// an absurdly large mask to a few thousand edges.
void flatten(const heart_curve& c, double t0, const point& p0, double t1, const point& p1,
             double tol, int depth, std::vector<point>& out) {
  double tm = (t0 + t1) / 2;
  point pm = c.at(tm);
  if (depth < 6 && distance_to_chord(pm, p0, p1) > tol) {
    flatten(c, t0, p0, tm, pm, tol, depth + 1, out);
    flatten(c, tm, pm, t1, p1, tol, depth + 1, out);
    return;
  }
  out.push_back(p1);
}

} // namespace

std::vector<point> heart_outline(double box_w, double box_h, double tolerance) {
  const double top = heart_top(), bottom = -17;
  const heart_curve c{box_w / 32, box_h / (top - bottom), (top + bottom) / 2};
  // 64 even spans first: both cusps (t = 0 and π) are span ends, and no span is long enough
  // to hide an inflection from the midpoint test.
  constexpr int spans = 64;
  std::vector<point> out;
  point prev = c.at(0);
  out.push_back(prev);
  for (int i = 0; i < spans; ++i) {
    double t0 = 2 * pi * i / spans, t1 = 2 * pi * (i + 1) / spans;
    point next = c.at(t1);
    flatten(c, t0, prev, t1, next, tolerance, 0, out);
    prev = next;
  }
  out.pop_back(); // t = 2π is the first point again
  return out;
}

std::vector<point> star_outline(double box_w, double box_h) {
  // Tips at radius 1 from -90° (up, y down) every 72°, notches in between.
  const double inner = std::cos(2 * pi / 5) / std::cos(pi / 5);
  const double half_w = std::cos(pi / 10); // the side tips at ±18° above horizontal
  const double bottom = std::cos(pi / 5);  // the lower tips at 54° below horizontal
  const double mid = (bottom - 1) / 2;     // centre of the bounding box, y down
  std::vector<point> out;
  for (int k = 0; k < 10; ++k) {
    double a = -pi / 2 + k * pi / 5;
    double r = k % 2 == 0 ? 1.0 : inner;
    out.push_back(
        {r * std::cos(a) / (2 * half_w) * box_w, (r * std::sin(a) - mid) / (1 + bottom) * box_h});
  }
  return out;
}

} // namespace cutqueue::render::mask_detail
