// The look of every Jianying transition: an FFmpeg 5.1 xfade kind or one of three custom kinds
// the graph builder draws. The table behind it (transition_table.cpp) is generated from the
// Jianying catalogue by scripts/gen_look_catalogs.py; docs/looks-transitions-animations.md lists
// what each family renders as.
#pragma once

#include "render/look_fidelity.hpp"

#include <optional>
#include <string>

namespace cutqueue::render {

/// How to draw one transition.
struct transition_look {
  std::string xfade;  ///< an FFmpeg 5.1 xfade transition name, or empty when `custom` is set
  std::string custom; ///< one of "spin_cw", "spin_ccw", "zoom_out" (drawn by the graph builder),
                      ///< else empty
  /// "dissolve", "flash", "wipe", "slide", "push", "circle", "shape", "zoom", "spin", "blur",
  /// "pixelize", "glitch", "flip", "split", "slice", "squeeze" or "shake".
  std::string family;
  fidelity how = fidelity::fallback;

  friend bool operator==(const transition_look& a, const transition_look& b) {
    return a.xfade == b.xfade && a.custom == b.custom && a.family == b.family && a.how == b.how;
  }
};

/// The custom kinds a look may ask for instead of an xfade name.
inline constexpr const char* custom_spin_cw = "spin_cw";   ///< the pictures turn clockwise
inline constexpr const char* custom_spin_ccw = "spin_ccw"; ///< ... counter-clockwise
/// The outgoing picture shrinks towards the centre over the incoming one: xfade's zoomin run
/// backwards, which FFmpeg 5.1 does not have.
inline constexpr const char* custom_zoom_out = "zoom_out";

/// The look of a transition, found by `resource_id` in the catalogue table, else by its exact
/// `name`, else by the keyword rules on the name (so names outside the catalogue still get a
/// family), else the fallback: a plain cross-fade (xfade "fade", family "dissolve").
transition_look transition_look_for(const std::string& resource_id, const std::string& name);

/// The keyword rules alone: the look they give `name` (fidelity `family`), or nullopt when no
/// keyword of the name is known.
std::optional<transition_look> transition_look_from_keywords(const std::string& name);

} // namespace cutqueue::render
