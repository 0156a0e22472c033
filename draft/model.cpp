#include "draft/model.hpp"

#include <algorithm>
#include <set>

namespace cutqueue::draft {

namespace {

/// Collects segments of tracks of `type` whose material passes `known`, keeping file order, then
/// sorts stably by render_index so that higher indexes end up later (on top).
template <class Pred>
std::vector<placed_segment> collect(const document& d, track_type type, Pred known) {
  std::vector<placed_segment> out;
  for (const auto& t : d.tracks) {
    if (t.type != type)
      continue;
    for (const auto& s : t.segments)
      if (s.target.duration > 0 && known(s))
        out.push_back({&t, &s});
  }
  std::stable_sort(out.begin(), out.end(), [](const placed_segment& a, const placed_segment& b) {
    return a.seg->render_index < b.seg->render_index;
  });
  return out;
}

} // namespace

std::vector<placed_segment> visual_segments(const document& d) {
  return collect(d, track_type::video,
                 [&](const segment& s) { return s.visible && d.videos.count(s.material_id) > 0; });
}

std::vector<placed_segment> text_segments(const document& d) {
  return collect(d, track_type::text,
                 [&](const segment& s) { return s.visible && d.texts.count(s.material_id) > 0; });
}

std::vector<placed_segment> sound_segments(const document& d) {
  std::vector<placed_segment> out;
  for (const auto& t : d.tracks) {
    if (t.muted)
      continue;
    for (const auto& s : t.segments) {
      if (s.target.duration <= 0)
        continue;
      const bool keyframed =
          std::any_of(s.keyframes.begin(), s.keyframes.end(), [](const keyframe_list& k) {
            return k.property == keyframe_property::volume;
          });
      if (s.volume <= 0 && !keyframed)
        continue;
      if (t.type == track_type::video) {
        auto it = d.videos.find(s.material_id);
        if (it != d.videos.end() && it->second.kind == visual_kind::video)
          out.push_back({&t, &s});
      } else if (t.type == track_type::audio && d.audios.count(s.material_id) > 0) {
        out.push_back({&t, &s});
      }
    }
  }
  return out;
}

std::vector<std::string> used_material_paths(const document& d) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add = [&](const std::string& p) {
    if (!p.empty() && seen.insert(p).second)
      out.push_back(p);
  };
  for (const auto& t : d.tracks) {
    for (const auto& s : t.segments) {
      if (t.type == track_type::video) {
        auto it = d.videos.find(s.material_id);
        if (it != d.videos.end())
          add(it->second.path);
      } else if (t.type == track_type::audio) {
        auto it = d.audios.find(s.material_id);
        if (it != d.audios.end())
          add(it->second.path);
      }
    }
  }
  return out;
}

} // namespace cutqueue::draft
