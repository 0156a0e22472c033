// The Jianying resources a draft names that the renderer has no look for: filters, video
// effects, stickers, text effects (花字), audio effects and fonts by Jianying id.
#pragma once

#include "draft/model.hpp"

#include <vector>

namespace cutqueue::render {

/// One entry per resource use, named the way the task's log shows it ("filter 冷蓝",
/// "sticker 7326810673609018675") with the segment or track it is on.
std::vector<draft::unsupported_feature> unrendered_resources(const draft::document& d);

} // namespace cutqueue::render
