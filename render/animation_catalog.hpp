// The look of every Jianying in, out and loop animation of pictures and captions: a family and
// the parameters of its motion (animation_state.hpp turns them into a state at a progress). The
// tables behind it (animation_table.cpp) are generated from the Jianying catalogue by
// scripts/gen_look_catalogs.py; docs/looks-transitions-animations.md lists them.
#pragma once

#include "render/look_direction.hpp"
#include "render/look_fidelity.hpp"

#include <optional>
#include <string>

namespace cutqueue::render {

/// Which list an animation comes from. Pictures (photos, videos) and captions have separate
/// lists with different resource ids, and a picture's loop is a "group" animation.
enum class animation_kind { video_in, video_out, video_group, text_in, text_out, text_loop };

/// The kind of a draft animation: `type` "in", "out", "group" or "loop", `material_type` "video"
/// (photo/video panels) or "sticker" (captions). nullopt for anything else.
std::optional<animation_kind> animation_kind_of(const std::string& type,
                                                const std::string& material_type);

/// True for the kinds that repeat (video_group, text_loop).
bool is_loop(animation_kind kind);

/// The shape of an in or out animation's progress. An in eases out (fast start, gentle
/// landing), an out eases in; loops ignore it.
enum class easing {
  linear,    ///< constant speed (fades: 渐显 is at 50 % opacity half-way)
  smooth,    ///< cubic
  overshoot, ///< goes a little past the end and comes back (pops, springs)
  bounce,    ///< lands, bounces twice and settles (bounce-in)
};

/// How to draw one animation. In and out animations move between the static placement and a
/// "far" state; loops oscillate around the static placement.
struct animation_look {
  /// In/out: "fade", "slide", "zoom", "rotate", "wipe", "bounce", "blink", "shake", "swing".
  /// Loops: "blink", "pulse", "swing", "shake", "bounce", "wave", "rotate", "orbit", or "none"
  /// (the picture or caption stays still).
  std::string family = "none";
  fidelity how = fidelity::fallback;
  /// Where the picture moves: a slide's travel, a wipe's sweep (the edge it starts from follows),
  /// a shake's or wave's axis (none: both axes for a shake, vertical for a wave).
  direction dir = direction::none;
  /// Half-canvas units: how far a slide or bounce travels; the amplitude of a shake, wave,
  /// loop bounce or orbit.
  double distance = 0.0;
  /// In/out: the scale factor across the animation (an in grows from 1/zoom to 1, an out from 1
  /// to zoom). Pulse: the peak scale.
  double zoom = 1.0;
  /// Degrees, clockwise: how far a rotation turns (loops: per cycle), a swing's amplitude.
  double angle = 0.0;
  bool fades = false;  ///< in/out: the opacity also ramps (in 0 -> 1, out 1 -> 0), linearly
  double cycles = 1.0; ///< oscillations over an in/out animation, or within one loop cycle
  easing ease = easing::linear;

  friend bool operator==(const animation_look& a, const animation_look& b) {
    return a.family == b.family && a.how == b.how && a.dir == b.dir && a.distance == b.distance &&
           a.zoom == b.zoom && a.angle == b.angle && a.fades == b.fades && a.cycles == b.cycles &&
           a.ease == b.ease;
  }
};

/// The look of an animation of `kind`, found by `resource_id` in that kind's catalogue table,
/// else by its exact `name`, else by the keyword rules on the name, else the fallback: a linear
/// fade for ins and outs, "none" (no motion) for loops.
animation_look animation_look_for(animation_kind kind, const std::string& resource_id,
                                  const std::string& name);

/// The keyword rules alone: the look they give `name` for `kind` (fidelity `family`), or nullopt
/// when no rule applies.
std::optional<animation_look> animation_look_from_keywords(animation_kind kind,
                                                           const std::string& name);

} // namespace cutqueue::render
