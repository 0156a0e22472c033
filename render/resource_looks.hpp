// The look of every Jianying filter, video effect, audio effect and voice tone: a family of
// FFmpeg renderings (look_chains.hpp expands them) or no look at all. The tables behind it
// (resource_look_*.cpp) are generated from the Jianying catalogue by
// scripts/gen_resource_looks.py; docs/looks-resources.md lists the families and how close each
// one is.
#pragma once

#include "render/look_fidelity.hpp"

#include <map>
#include <optional>
#include <string>

namespace cutqueue::render {

/// The catalogue lists a draft's named resources come from.
enum class resource_kind {
  filter,           ///< filter tracks (`materials.effects` type filter), filters.tsv
  scene_effect,     ///< effect tracks (`materials.video_effects`), video_scene_effects.tsv
  character_effect, ///< effects drawn on the person, video_character_effects.tsv
  audio_effect,     ///< `materials.audio_effects`, audio_scene_effects.tsv
  tone,             ///< voice tones (also `materials.audio_effects`), tone_effects.tsv
};

/// "filter", "scene_effect", ... for logs and tests.
const char* resource_kind_name(resource_kind kind);

/// How to render one resource.
struct resource_look {
  /// A video family (filters, scene and character effects) or an audio family (audio effects,
  /// tones) of look_chains.hpp; empty when we have no honest look: the renderer then reports the
  /// resource as not drawn.
  std::string family;
  /// exact: FFmpeg reproduces the standard look (变黑白, 模糊, 电话); family: a keyword of the
  /// name chose the family; fallback: no look (`family` is empty).
  fidelity how = fidelity::fallback;
  /// The catalogue entry's adjustable parameters with their defaults (effects_adjust_blur ->
  /// 0.5); empty for names outside the catalogue. look_params() merges a draft's values over
  /// them.
  std::map<std::string, double> params;

  friend bool operator==(const resource_look& a, const resource_look& b) {
    return a.family == b.family && a.how == b.how && a.params == b.params;
  }
};

/// The look of a resource of `kind`, found by `resource_id` in the kind's catalogue table, else
/// by its exact `name` there, else by the keyword rules on the name (so names outside the
/// catalogue still get a family), else no look. Overlays, frames, particles, stickers, split
/// screens, face and body effects (and so most character effects) have no look.
resource_look resource_look_for(resource_kind kind, const std::string& resource_id,
                                const std::string& name);

/// The keyword rules alone: nullopt when no keyword of the name is known; a look with an empty
/// family (fidelity fallback) when a rule says the name has no look (爱心, 边框, 分屏...); else the
/// family (fidelity family). `params` is empty.
std::optional<resource_look> resource_look_from_keywords(resource_kind kind,
                                                         const std::string& name);

/// The parameters to expand `look`'s chain with: its catalogue defaults, overridden by the
/// draft's `adjust_params` / `audio_adjust_params` values.
std::map<std::string, double> look_params(const resource_look& look,
                                          const std::map<std::string, double>& draft_params);

/// How a look is drawn, for the task's log: "look blur: close: Gaussian blur, ..." and, when a
/// keyword of the name chose the family, that it did.
std::string look_detail(const resource_look& look);

} // namespace cutqueue::render
