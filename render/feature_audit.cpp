#include "render/feature_audit.hpp"

#include "render/audio_looks.hpp"

namespace cutqueue::render {

namespace {

std::string kind_of(const draft::resource_material& r) {
  if (r.type == "filter")
    return "filter";
  if (r.type == "video_effect" || r.list == "video_effects")
    return "video effect";
  if (r.list == "stickers" || r.type == "sticker")
    return "sticker";
  if (r.type == "text_effect")
    return "text effect";
  if (r.list == "audio_effects" || r.type == "audio_effect")
    return "audio effect";
  return r.type.empty() ? r.list : r.type;
}

} // namespace

std::string resource_feature(const draft::resource_material& r) {
  return kind_of(r) + " " + (r.name.empty() ? r.resource_id : r.name);
}

std::vector<draft::unsupported_feature> unrendered_resources(const draft::document& d) {
  // Filter, effect and sticker tracks are noted by the picture plan, audio effects by the
  // sound graph, 花字 and fonts by the caption rasteriser, each saying how it drew them. What
  // is left is a resource that no renderer looks at.
  std::vector<draft::unsupported_feature> out;
  for (const auto& t : d.tracks)
    for (const auto& s : t.segments)
      for (const auto& ref : s.effect_refs) {
        const draft::resource_material& r = d.resources.at(ref);
        if (is_audio_resource(r) || r.type == "text_effect")
          continue;
        out.push_back({resource_feature(r), "segment " + s.id});
      }
  return out;
}

} // namespace cutqueue::render
