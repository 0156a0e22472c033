// What happens to layers around their segment's own placement: transitions between two layers
// of a track, and in/out/loop animations of one layer.
#pragma once

#include "render/layer_plan.hpp"

namespace cutqueue::render {

/// Finds each segment's transition to the next segment of its track, fixes the frames the
/// transition is drawn on, and extends both layers over them. Before frame states are filled.
void plan_transitions(const draft::document& d, picture_plan& plan);

/// Applies each layer's in, out and loop animations to its frame states.
void apply_animations(const draft::document& d, picture_plan& plan);

} // namespace cutqueue::render
