#include "render/animation_state.hpp"

#include "render/look_easing.hpp"

#include <algorithm>
#include <cmath>

namespace cutqueue::render {
namespace {

constexpr double pi = 3.14159265358979323846;
constexpr double two_pi = 2.0 * pi;

/// Whole oscillations: a loop (and an in's settling) is seamless only with an integer count.
double whole(double cycles) {
  return std::max(1.0, std::round(cycles));
}

bool is_out(animation_kind kind) {
  return kind == animation_kind::video_out || kind == animation_kind::text_out;
}

/// The edge a wipe's visible part is anchored to. An in that sweeps right grows from the left
/// edge; an out that sweeps right leaves the right-hand part, shrinking towards the right edge.
int reveal_edge(direction d, bool out) {
  const direction_vector v = vector_of(d == direction::none ? direction::right : d);
  constexpr int left = 0, right = 1, top = 2, bottom = 3;
  if (v.x != 0.0)
    return (v.x > 0.0) != out ? left : right;
  return (v.y > 0.0) != out ? bottom : top;
}

/// An offset of `amount` half-canvas units along the look's direction, or `fallback` for none.
void offset_along(animation_state& s, direction d, direction fallback, double amount) {
  const direction_vector v = vector_of(d == direction::none ? fallback : d);
  s.dx = amount * v.x;
  s.dy = amount * v.y;
}

/// Fade, slide, zoom, rotate, wipe, bounce: the look moves between a "far" state (an in's
/// start, an out's end) and the static placement along the eased progress.
animation_state travel(const animation_look& look, bool out, double p) {
  // w: how far from the static placement, 1 at the far state. Overshoot takes it below 0.
  const double w = out ? ease_in(look.ease, p) : 1.0 - ease_out(look.ease, p);
  const double sign = out ? 1.0 : -1.0; // an in starts behind its motion, an out ends ahead
  animation_state s;
  offset_along(s, look.dir, direction::none, sign * look.distance * w);
  const double zoom = look.zoom > 0.0 ? look.zoom : 1.0; // a zoom of 0 would divide by zero
  const double far_scale = out ? zoom : 1.0 / zoom;
  s.scale = std::max(0.0, 1.0 + (far_scale - 1.0) * w);
  s.rotation = sign * look.angle * w;
  if (look.fades)
    s.alpha = out ? 1.0 - p : p; // always linear: 渐显 is at 50 % half-way
  if (look.family == "wipe") {
    s.reveal = std::clamp(1.0 - w, 0.0, 1.0);
    s.reveal_from = reveal_edge(look.dir, out);
  }
  return s;
}

/// Blink, shake and swing as ins and outs: the oscillation settles onto the static placement
/// (in) or starts from it and grows (out).
animation_state oscillate_in_out(const animation_look& look, bool out, double p) {
  animation_state s;
  const double n = whole(look.cycles);
  const double envelope = out ? p : 1.0 - p;
  if (look.family == "blink") {
    // Dips n times, ending fully shown (in) or starting fully shown (out).
    const double q = out ? 1.0 - p : p;
    s.alpha = 0.5 - 0.5 * std::cos((2.0 * n + 1.0) * pi * q);
    return s;
  }
  if (look.fades)
    s.alpha = out ? 1.0 - p : p;
  if (look.family == "shake") {
    const double wave = look.distance * envelope * std::sin(two_pi * n * p);
    if (look.dir == direction::none) {
      // No axis: a figure-of-eight jitter over both.
      s.dx = wave;
      s.dy = look.distance * envelope * 0.5 * std::sin(2.0 * two_pi * n * p);
    } else {
      offset_along(s, look.dir, direction::none, wave);
    }
  } else if (look.family == "swing") {
    // An in is released from its tilt; an out starts still and swings out wider and wider.
    s.rotation = out ? look.angle * envelope * std::sin(two_pi * n * p)
                     : look.angle * envelope * std::cos(two_pi * n * p);
  }
  return s;
}

animation_state loop_at(const animation_look& look, double p) {
  animation_state s;
  const double n = whole(look.cycles);
  const double phase = two_pi * n * p;
  const std::string& f = look.family;
  if (f == "blink") {
    s.alpha = 0.5 + 0.5 * std::cos(phase); // shown, gone half-way, shown
  } else if (f == "pulse") {
    s.scale = 1.0 + (look.zoom - 1.0) * (0.5 - 0.5 * std::cos(phase));
  } else if (f == "swing") {
    s.rotation = look.angle * std::sin(phase);
  } else if (f == "shake") {
    if (look.dir == direction::none) {
      s.dx = look.distance * std::sin(phase);
      s.dy = look.distance * 0.5 * std::sin(2.0 * phase);
    } else {
      offset_along(s, look.dir, direction::none, look.distance * std::sin(phase));
    }
  } else if (f == "bounce") {
    // Hops n times per cycle, landing back on its place.
    offset_along(s, look.dir, direction::up, look.distance * std::abs(std::sin(pi * n * p)));
  } else if (f == "wave") {
    offset_along(s, look.dir, direction::up, look.distance * std::sin(phase));
  } else if (f == "rotate") {
    s.rotation = look.angle * n * p;
  } else if (f == "orbit") {
    // A clockwise circle through the static placement (its top point).
    s.dx = look.distance * std::sin(phase);
    s.dy = look.distance * (std::cos(phase) - 1.0);
  }
  return s;
}

} // namespace

animation_state animation_state_at(const animation_look& look, animation_kind kind, double p) {
  p = std::clamp(std::isnan(p) ? 0.0 : p, 0.0, 1.0);
  if (is_loop(kind))
    return loop_at(look, p);
  if (look.family == "none")
    return {};
  const bool out = is_out(kind);
  if (look.family == "blink" || look.family == "shake" || look.family == "swing")
    return oscillate_in_out(look, out, p);
  return travel(look, out, p);
}

} // namespace cutqueue::render
