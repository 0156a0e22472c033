// Audio effects (回音, 电话, 机器人, voice tones...) on the segments that carry them.
#pragma once

#include "draft/model.hpp"
#include "render/look_chains.hpp"

#include <map>
#include <vector>

namespace cutqueue::render {

/// The audio look of every sound segment with an audio effect, keyed by segment. Effects with
/// a look are noted as drawn approximately, the rest as not drawn, each with its segment.
std::map<const draft::segment*, audio_look>
segment_audio_looks(const draft::document& d, std::vector<draft::unsupported_feature>& notes);

/// Whether a resource is an audio effect or voice tone (these are drawn by the sound graph).
bool is_audio_resource(const draft::resource_material& r);

} // namespace cutqueue::render
