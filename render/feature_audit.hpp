// The Jianying resources a draft names that no part of the renderer looks at. Filters, effects,
// stickers, audio effects, 花字 and fonts are noted where they are drawn, with how closely.
#pragma once

#include "draft/model.hpp"

#include <vector>

namespace cutqueue::render {

/// One entry per resource use, named the way the task's log shows it ("filter 冷蓝",
/// "sticker 7326810673609018675") with the segment or track it is on.
std::vector<draft::unsupported_feature> unrendered_resources(const draft::document& d);

/// How the task's log names a resource wherever it is drawn: "filter 冷蓝", "video effect 模糊",
/// "sticker 7326810673609018675", "audio effect 回音".
std::string resource_feature(const draft::resource_material& r);

} // namespace cutqueue::render
