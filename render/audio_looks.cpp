#include "render/audio_looks.hpp"

#include "render/feature_audit.hpp"
#include "render/resource_looks.hpp"

namespace cutqueue::render {

bool is_audio_resource(const draft::resource_material& r) {
  return r.list == "audio_effects" || r.type == "audio_effect";
}

std::map<const draft::segment*, audio_look>
segment_audio_looks(const draft::document& d, std::vector<draft::unsupported_feature>& notes) {
  std::map<const draft::segment*, audio_look> out;
  for (const auto& ps : draft::sound_segments(d)) {
    const draft::segment& s = *ps.seg;
    for (const auto& ref : s.effect_refs) {
      auto it = d.resources.find(ref);
      if (it == d.resources.end() || !is_audio_resource(it->second))
        continue;
      const draft::resource_material& r = it->second;
      const std::string feature = resource_feature(r);
      resource_look look = resource_look_for(resource_kind::audio_effect, r.resource_id, r.name);
      if (look.family.empty())
        look = resource_look_for(resource_kind::tone, r.resource_id, r.name);
      audio_look a = audio_look_chain(look.family, look_params(look, r.params));
      if (a.filters.empty()) {
        notes.push_back({feature, "segment " + s.id});
        continue;
      }
      // Jianying applies one voice effect per segment; a second one would chain after it.
      audio_look& have = out[&s];
      have.filters += (have.filters.empty() ? "" : ",") + a.filters;
      have.tail_s += a.tail_s;
      notes.push_back({feature, "segment " + s.id, draft::drawn::approximately, look_detail(look)});
    }
  }
  return out;
}

} // namespace cutqueue::render
