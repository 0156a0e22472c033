// The material lists that shape a segment beyond its media: masks, transitions, animations and
// the Jianying resources (filters, effects, stickers, text and audio effects).
#pragma once

#include "draft/model.hpp"

#include <nlohmann/json.hpp>

namespace cutqueue::draft {

/// Fills d.masks, d.transitions, d.animations and d.resources from `materials`. Entries without
/// an id cannot be referenced and are skipped. Never throws.
void parse_effect_materials(const nlohmann::json& materials, document& d);

/// Material lists whose entries change the picture or sound but that the model does not hold
/// (chroma keys, colour wheels, ...): a segment referring to one is listed as unsupported.
const std::vector<const char*>& unmodelled_material_lists();

/// The keyframe property of a `property_type`, or false for one the model does not know.
bool keyframe_property_of(const std::string& property_type, keyframe_property& out);

} // namespace cutqueue::draft
