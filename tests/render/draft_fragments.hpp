// Pieces of capcut-mate-shaped drafts for the render stage tests: keyframes, masks, transitions
// and animations added to a draft_builder segment as capcut-mate stores them, fake probe results
// so plan_picture and the graph stages run without media, and colour media made with lavfi.
#pragma once

#include "draft/parser.hpp"
#include "render/inputs.hpp"
#include "render/layer_plan.hpp"
#include "tests/support/test_files.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace cutqueue::render::test {

using namespace cutqueue::test;

/// A keyframe list on `seg` (`time_offset` in microseconds, linear curves).
inline void add_keyframes(json& seg, const std::string& property,
                          const std::vector<std::pair<int64_t, double>>& points) {
  json list = json::array();
  for (const auto& [t, v] : points)
    list.push_back({{"id", "kf" + std::to_string(list.size())},
                    {"time_offset", t},
                    {"values", {v}},
                    {"curveType", "Line"}});
  seg["common_keyframes"].push_back({{"id", "kfl" + std::to_string(seg["common_keyframes"].size())},
                                     {"property_type", property},
                                     {"keyframe_list", list}});
}

struct mask_spec {
  std::string name = "圆形";
  std::string resource_type = "circle";
  double center_x = 0, center_y = 0; ///< half-material units, +y up
  double width = 0.5, height = 0.5;  ///< fractions of the material
  double rotation = 0, feather = 0, round_corner = 0;
  bool invert = false;
};

/// Adds a mask material and refers `seg` to it, as add_masks does.
inline std::string add_mask(draft_builder& b, json& seg, const mask_spec& m) {
  const std::string id = "mask" + std::to_string(b.doc()["materials"]["masks"].size()) + "_" +
                         seg["id"].get<std::string>();
  b.doc()["materials"]["masks"].push_back({{"id", id},
                                           {"name", m.name},
                                           {"resource_type", m.resource_type},
                                           {"resource_id", "1"},
                                           {"config",
                                            {{"centerX", m.center_x},
                                             {"centerY", m.center_y},
                                             {"width", m.width},
                                             {"height", m.height},
                                             {"aspectRatio", 1.0},
                                             {"rotation", m.rotation},
                                             {"feather", m.feather},
                                             {"roundCorner", m.round_corner},
                                             {"invert", m.invert}}}});
  seg["extra_material_refs"].push_back(id);
  return id;
}

/// Adds a transition material on `seg` (the segment before the cut).
inline std::string add_transition(draft_builder& b, json& seg, const std::string& name,
                                  int64_t duration_us, const std::string& resource_id = "",
                                  bool overlap = true) {
  const std::string id = "tr_" + seg["id"].get<std::string>();
  b.doc()["materials"]["transitions"].push_back({{"id", id},
                                                 {"name", name},
                                                 {"resource_id", resource_id},
                                                 {"effect_id", ""},
                                                 {"duration", duration_us},
                                                 {"is_overlap", overlap}});
  seg["extra_material_refs"].push_back(id);
  return id;
}

struct animation_spec {
  std::string name;
  std::string type;                    ///< in, out, group, loop
  std::string material_type = "video"; ///< video (photos, videos) or sticker (captions)
  int64_t start = 0, duration = 0;     ///< us from the segment start; a loop's cycle
  std::string resource_id;
};

/// Adds a material_animations entry with `list` and refers `seg` to it.
inline std::string add_animations(draft_builder& b, json& seg,
                                  const std::vector<animation_spec>& list) {
  const std::string id = "anim_" + seg["id"].get<std::string>();
  json anims = json::array();
  for (const auto& a : list)
    anims.push_back({{"id", "a" + std::to_string(anims.size())},
                     {"name", a.name},
                     {"type", a.type},
                     {"material_type", a.material_type},
                     {"resource_id", a.resource_id},
                     {"start", a.start},
                     {"duration", a.duration}});
  b.doc()["materials"]["material_animations"].push_back(
      {{"id", id}, {"type", "sticker_animation"}, {"animations", anims}});
  seg["extra_material_refs"].push_back(id);
  return id;
}

inline draft::document parse(const draft_builder& b) {
  draft::document d;
  auto r = draft::parse_draft(b.dump(), d);
  EXPECT_TRUE(r.ok) << r.error;
  return d;
}

/// What probing a w x h picture (with sound unless `audio` is false) would have found.
inline probe_info fake_probe(int w, int h, bool audio = false, bool alpha = false) {
  probe_info p;
  p.has_video = w > 0;
  p.has_audio = audio;
  p.audio_channels = audio ? 2 : 0;
  p.width = w;
  p.height = h;
  p.has_alpha = alpha;
  p.duration = 10;
  return p;
}

/// Probe results for every video material of `b`'s draft, at the size written in the draft.
inline probed_materials probe_all(const draft::document& d) {
  probed_materials out;
  for (const auto& [id, m] : d.videos)
    out[m.path] = fake_probe(m.width, m.height);
  return out;
}

inline material_sources sources_of(const draft::document& d, bool audio = false) {
  material_sources out;
  for (const auto& [id, m] : d.videos)
    out[m.path] = {m.path, fake_probe(m.width, m.height, audio)};
  for (const auto& [id, m] : d.audios)
    out[m.path] = {m.path, fake_probe(0, 0, true)};
  return out;
}

/// The layer drawing segment `seg_id`, or nullptr.
inline const visual_layer* layer_of(const picture_plan& p, const std::string& seg_id) {
  for (const auto& l : p.layers)
    if (l.seg->id == seg_id)
      return &l;
  return nullptr;
}

/// A still picture of one colour (PNG), w x h.
inline std::string make_still(const std::string& dir, const std::string& name,
                              const std::string& colour, int w, int h) {
  const std::string out = dir + "/" + name;
  return ffmpeg({"-f", "lavfi", "-i",
                 "color=c=" + colour + ":s=" + std::to_string(w) + "x" + std::to_string(h),
                 "-frames:v", "1", out})
             ? out
             : std::string{};
}

/// A picture whose left half is `left` and right half `right` (PNG).
inline std::string make_split_still(const std::string& dir, const std::string& name,
                                    const std::string& left, const std::string& right, int w,
                                    int h) {
  const std::string out = dir + "/" + name;
  const std::string half = std::to_string(w / 2) + "x" + std::to_string(h);
  return ffmpeg({"-f", "lavfi", "-i",
                 "color=c=" + left + ":s=" + half + "[l];color=c=" + right + ":s=" + half +
                     "[r];[l][r]hstack",
                 "-frames:v", "1", out})
             ? out
             : std::string{};
}

} // namespace cutqueue::render::test
