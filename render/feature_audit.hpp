// The Jianying resources a draft names that no part of the renderer looks at. Filters, effects,
// stickers, audio effects, 花字 and fonts are noted where they are drawn, with how closely.
#pragma once

#include "draft/model.hpp"

#include <vector>

namespace cutqueue::render {

/// One entry per resource use, named the way the task's log shows it ("filter 冷蓝",
/// "sticker 7326810673609018675") with the segment or track it is on.
std::vector<draft::unsupported_feature> unrendered_resources(const draft::document& d);

} // namespace cutqueue::render
