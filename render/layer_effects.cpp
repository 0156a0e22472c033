#include "render/layer_effects.hpp"

namespace cutqueue::render {

void plan_transitions(const draft::document& d, picture_plan& plan) {
  for (const auto& l : plan.layers)
    if (!l.seg->transition_id.empty())
      plan.notes.push_back(
          {"transition " + d.transitions.at(l.seg->transition_id).name, "segment " + l.seg->id});
}

void apply_animations(const draft::document& d, picture_plan& plan) {
  for (const auto& l : plan.layers)
    if (!l.seg->animation_id.empty())
      for (const auto& a : d.animations.at(l.seg->animation_id).animations)
        plan.notes.push_back({"animation " + a.name, "segment " + l.seg->id});
}

} // namespace cutqueue::render
