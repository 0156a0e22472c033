#include "render/look_easing.hpp"

namespace cutqueue::render {
namespace {

// Robert Penner's easings, the ones motion-graphics tools (and so Jianying's presets) copy.
double back_out(double p) {
  constexpr double c1 = 1.70158; // a 10 % overshoot
  constexpr double c3 = c1 + 1.0;
  const double q = p - 1.0;
  return 1.0 + c3 * q * q * q + c1 * q * q;
}

double bounce_out(double p) {
  constexpr double n1 = 7.5625, d1 = 2.75;
  if (p < 1.0 / d1)
    return n1 * p * p;
  if (p < 2.0 / d1) {
    p -= 1.5 / d1;
    return n1 * p * p + 0.75;
  }
  if (p < 2.5 / d1) {
    p -= 2.25 / d1;
    return n1 * p * p + 0.9375;
  }
  p -= 2.625 / d1;
  return n1 * p * p + 0.984375;
}

} // namespace

double ease_out(easing e, double p) {
  switch (e) {
  case easing::smooth: {
    const double q = 1.0 - p;
    return 1.0 - q * q * q;
  }
  case easing::overshoot:
    return back_out(p);
  case easing::bounce:
    return bounce_out(p);
  case easing::linear:
    break;
  }
  return p;
}

double ease_in(easing e, double p) {
  return 1.0 - ease_out(e, 1.0 - p);
}

} // namespace cutqueue::render
