#include "render/curve.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cutqueue::render {

std::string decimal(double v, int digits) {
  if (!std::isfinite(v))
    v = 0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  std::string s = buf;
  // Trailing zeros only lengthen expressions that may hold thousands of numbers.
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0')
      s.pop_back();
    if (s.back() == '.')
      s.pop_back();
  }
  if (s == "-0")
    s = "0";
  return s;
}

void curve::add(double t, double v) {
  if (!points_.empty() && t < points_.back().t)
    t = points_.back().t;
  points_.push_back({t, v});
}

double curve::at(double t) const {
  if (points_.empty())
    return 0;
  if (t <= points_.front().t)
    return points_.front().v;
  if (t >= points_.back().t)
    return points_.back().v;
  auto hi = std::upper_bound(points_.begin(), points_.end(), t,
                             [](double x, const point& p) { return x < p.t; });
  auto lo = hi - 1;
  const double span = hi->t - lo->t;
  if (span <= 0)
    return hi->v;
  return lo->v + (hi->v - lo->v) * (t - lo->t) / span;
}

bool curve::constant(double tolerance) const {
  return std::all_of(points_.begin(), points_.end(), [&](const point& p) {
    return std::fabs(p.v - points_.front().v) <= tolerance;
  });
}

double curve::min() const {
  double m = points_.empty() ? 0 : points_.front().v;
  for (const auto& p : points_)
    m = std::min(m, p.v);
  return m;
}

double curve::max() const {
  double m = points_.empty() ? 0 : points_.front().v;
  for (const auto& p : points_)
    m = std::max(m, p.v);
  return m;
}

void curve::simplify(double tolerance) {
  if (points_.size() < 3)
    return;
  std::vector<point> out;
  out.push_back(points_.front());
  // The line from the last kept sample `a` to the next one must pass within the tolerance of
  // every sample dropped in between, not just of its neighbours (else a gentle curve drifts
  // off by many tolerances): the slopes from `a` that do so narrow to [lo, hi].
  constexpr double unbounded = HUGE_VAL;
  double lo = -unbounded, hi = unbounded;
  for (size_t i = 1; i + 1 < points_.size(); ++i) {
    const point& a = out.back();
    const point& b = points_[i];
    const point& c = points_[i + 1];
    double b_lo = lo, b_hi = hi;
    bool drop = true;
    const double to_b = b.t - a.t, to_c = c.t - a.t;
    if (to_b > 0) {
      b_lo = std::max(lo, (b.v - tolerance - a.v) / to_b);
      b_hi = std::min(hi, (b.v + tolerance - a.v) / to_b);
    } else {
      drop = std::fabs(b.v - a.v) <= tolerance; // a step at a's time stays
    }
    if (to_c > 0) {
      const double slope = (c.v - a.v) / to_c;
      drop = drop && b_lo <= slope && slope <= b_hi;
    } else {
      drop = drop && std::fabs(c.v - b.v) <= tolerance;
    }
    if (drop) {
      lo = b_lo;
      hi = b_hi;
    } else {
      out.push_back(b);
      lo = -unbounded;
      hi = unbounded;
    }
  }
  out.push_back(points_.back());
  if (out.size() == 2 && std::fabs(out[0].v - out[1].v) <= tolerance)
    out.pop_back();
  points_ = std::move(out);
}

namespace {

/// The segment [i, i+1] as a linear expression of `var`.
std::string lerp(const std::vector<curve::point>& p, size_t i, const std::string& var) {
  const double span = p[i + 1].t - p[i].t;
  const double slope = span > 0 ? (p[i + 1].v - p[i].v) / span : 0;
  if (std::fabs(slope) < 1e-12)
    return decimal(p[i].v, 6);
  return "(" + decimal(p[i].v, 6) + "+" + decimal(slope, 9) + "*(" + var + "-" +
         decimal(p[i].t, 6) + "))";
}

/// Segments [lo, hi) of the curve; segment k spans points k..k+1.
std::string tree(const std::vector<curve::point>& p, size_t lo, size_t hi, const std::string& var) {
  if (hi - lo == 1)
    return lerp(p, lo, var);
  size_t mid = lo + (hi - lo) / 2;
  return "if(lt(" + var + "," + decimal(p[mid].t, 6) + ")," + tree(p, lo, mid, var) + "," +
         tree(p, mid, hi, var) + ")";
}

} // namespace

std::string curve::expression(const std::string& var) const {
  if (points_.empty())
    return "0";
  if (points_.size() == 1 || constant())
    return decimal(points_.front().v, 6);
  // Held before the first and after the last sample, linear in between.
  const std::string body = tree(points_, 0, points_.size() - 1, var);
  return "if(lt(" + var + "," + decimal(points_.front().t, 6) + ")," +
         decimal(points_.front().v, 6) + ",if(gte(" + var + "," + decimal(points_.back().t, 6) +
         ")," + decimal(points_.back().v, 6) + "," + body + "))";
}

} // namespace cutqueue::render
