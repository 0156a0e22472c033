// The math of the animations: where a picture or caption is, how big, turned and opaque at a
// given progress of its animation. Pure functions, unit-tested without FFmpeg; the graph builder
// samples them.
#pragma once

#include "render/animation_catalog.hpp"

namespace cutqueue::render {

/// The deviation from the segment's static placement at progress p of the animation.
struct animation_state {
  double alpha = 1.0;        ///< multiplies the opacity
  double dx = 0.0, dy = 0.0; ///< offset in half-canvas units, +x right, +y UP (as clip.transform)
  double scale = 1.0;        ///< multiplies the scale (both axes)
  double rotation = 0.0;     ///< degrees, clockwise
  double reveal = 1.0;       ///< fraction of the picture shown by a wipe/typewriter (1 = all)
  int reveal_from = 0;       ///< edge the reveal starts from: 0 left, 1 right, 2 top, 3 bottom
};

/// The state of `look` at progress `p` (clamped to [0, 1]).
/// - An in animation runs p = 0 -> 1 and is the identity at p = 1.
/// - An out animation runs p = 0 -> 1, is the identity at p = 0 and at its end state at p = 1
///   (gone, for the looks that fade).
/// - A loop gets p = the phase within one cycle. It is the identity at p = 0 and periodic:
///   state(1) == state(0), except that a "rotate" loop has turned by whole turns at p = 1 (the
///   rotation is not wrapped, so that samples across a cycle interpolate forwards).
/// A family the function does not know is the identity.
animation_state animation_state_at(const animation_look& look, animation_kind kind, double p);

} // namespace cutqueue::render
