#include "render/feature_audit.hpp"

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

std::string named(const draft::resource_material& r) {
  return kind_of(r) + " " + (r.name.empty() ? r.resource_id : r.name);
}

} // namespace

std::vector<draft::unsupported_feature> unrendered_resources(const draft::document& d) {
  std::vector<draft::unsupported_feature> out;
  for (const auto& t : d.tracks)
    for (const auto& s : t.segments) {
      const std::string where = "segment " + s.id;
      if (t.type == draft::track_type::filter || t.type == draft::track_type::effect ||
          t.type == draft::track_type::sticker) {
        auto it = d.resources.find(s.material_id);
        if (it != d.resources.end())
          out.push_back({named(it->second), where});
      }
      for (const auto& ref : s.effect_refs)
        out.push_back({named(d.resources.at(ref)), where});
      if (t.type == draft::track_type::text) {
        auto tx = d.texts.find(s.material_id);
        if (tx == d.texts.end())
          continue;
        for (const auto& st : tx->second.styles) {
          // A 花字 is also listed among the segment's refs; name it once.
          bool listed = false;
          for (const auto& ref : s.effect_refs)
            listed = listed || d.resources.at(ref).resource_id == st.effect_id;
          if (!st.effect_id.empty() && !listed)
            out.push_back({"text effect " + st.effect_id, where});
          if (!st.font_id.empty())
            out.push_back({"font " + st.font_id, where});
        }
      }
    }
  return out;
}

} // namespace cutqueue::render
