// A value of the picture over time, sampled once per output frame: how keyframes, animations
// and transitions reach FFmpeg. Per-frame samples are exact at the only instants that are ever
// drawn; collinear runs are merged so a linear keyframe ramp stays two points.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cutqueue::render {

class curve {
public:
  struct point {
    double t = 0; ///< seconds
    double v = 0;
  };

  curve() = default;
  explicit curve(double constant) { points_.push_back({0, constant}); }

  /// Appends a sample; times must not decrease.
  void add(double t, double v);
  /// Linear between samples, held before the first and after the last; 0 when empty.
  double at(double t) const;
  bool empty() const { return points_.empty(); }
  bool constant(double tolerance = 1e-9) const;
  double min() const;
  double max() const;
  const std::vector<point>& points() const { return points_; }

  /// Drops samples while the line between the samples kept passes within `tolerance` of every
  /// sample dropped.
  void simplify(double tolerance);

  /// An FFmpeg expression of the variable `var` (seconds) that evaluates to at(var), as a
  /// balanced tree of if(lt(...)) so thousands of samples stay a shallow expression.
  std::string expression(const std::string& var) const;

private:
  std::vector<point> points_;
};

/// Fixed-point decimal text for filter graphs, independent of the locale (the service never
/// calls setlocale).
std::string decimal(double v, int digits = 6);

} // namespace cutqueue::render
