// Text materials (`materials.texts[]`): the caption's characters and every style range of its
// `content` JSON, plus the material-level layout fields.
#pragma once

#include "draft/model.hpp"

#include <nlohmann/json.hpp>

namespace cutqueue::draft {

/// Never throws; unknown or broken fields fall back to Jianying's defaults.
text_material parse_text_material(const nlohmann::json& m);

} // namespace cutqueue::draft
