#include "draft/parser.hpp"

#include "draft/json_read.hpp"
#include "draft/parse_materials.hpp"
#include "draft/parse_text.hpp"
#include "draft/parser.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace cutqueue::draft {

namespace {

using namespace json_read;

bool parse_range(const json* j, timerange& out) {
  if (!j || !j->is_object())
    return false;
  out.start = time_us(*j, "start");
  out.duration = time_us(*j, "duration");
  return true;
}

clip_settings parse_clip(const json* j) {
  clip_settings c;
  if (!j || !j->is_object())
    return c;
  c.alpha = std::clamp(num(*j, "alpha", 1.0), 0.0, 1.0);
  c.rotation = std::clamp(num(*j, "rotation", 0.0), -1e6, 1e6);
  if (auto* f = member(*j, "flip")) {
    c.flip_h = boolean(*f, "horizontal", false);
    c.flip_v = boolean(*f, "vertical", false);
  }
  if (auto* s = member(*j, "scale")) {
    c.scale_x = std::clamp(num(*s, "x", 1.0), -1000.0, 1000.0);
    c.scale_y = std::clamp(num(*s, "y", 1.0), -1000.0, 1000.0);
  }
  if (auto* t = member(*j, "transform")) {
    c.transform_x = std::clamp(num(*t, "x", 0.0), -1000.0, 1000.0);
    c.transform_y = std::clamp(num(*t, "y", 0.0), -1000.0, 1000.0);
  }
  return c;
}

track_type parse_track_type(const std::string& s) {
  if (s == "video")
    return track_type::video;
  if (s == "audio")
    return track_type::audio;
  if (s == "text")
    return track_type::text;
  if (s == "filter")
    return track_type::filter;
  if (s == "effect")
    return track_type::effect;
  if (s == "sticker")
    return track_type::sticker;
  return track_type::other;
}

/// `common_keyframes`: one list per property, points sorted by time. Properties the model does
/// not know are named as unsupported.
void parse_keyframes(const json* lists, segment& s, document& d) {
  if (!lists || !lists->is_array())
    return;
  for (const auto& l : *lists) {
    std::string name = str(l, "property_type");
    keyframe_list kl;
    if (!keyframe_property_of(name, kl.property)) {
      d.unsupported.push_back(
          {"keyframe " + (name.empty() ? std::string("(unnamed)") : name), "segment " + s.id});
      continue;
    }
    if (auto* pts = member(l, "keyframe_list"); pts && pts->is_array())
      for (const auto& p : *pts) {
        auto* values = member(p, "values");
        if (!values || !values->is_array() || values->empty() || !(*values)[0].is_number())
          continue;
        double v = (*values)[0].get<double>();
        if (!std::isfinite(v))
          continue;
        kl.points.push_back({time_us(p, "time_offset"), std::clamp(v, -1e6, 1e6)});
        if (str(p, "curveType") != "" && str(p, "curveType") != "Line")
          d.unsupported.push_back(
              {"keyframe curve " + str(p, "curveType") + " (drawn linear)", "segment " + s.id});
      }
    std::stable_sort(kl.points.begin(), kl.points.end(), [](const keyframe& a, const keyframe& b) {
      return a.time_offset < b.time_offset;
    });
    if (kl.points.empty())
      continue;
    // A second list for the same property (never written by pyJianYingDraft) replaces the first.
    auto same = std::find_if(s.keyframes.begin(), s.keyframes.end(),
                             [&](const keyframe_list& k) { return k.property == kl.property; });
    if (same != s.keyframes.end())
      *same = std::move(kl);
    else
      s.keyframes.push_back(std::move(kl));
  }
}

/// Sorts each extra_material_ref into the segment field it feeds; refs into lists the model does
/// not hold are named as unsupported; refs to nothing (capcut-mate leaves some) are ignored.
void classify_refs(const json* refs, segment& s, document& d,
                   const std::map<std::string, std::string>& unmodelled_by_id) {
  if (!refs || !refs->is_array())
    return;
  for (const auto& r : *refs) {
    if (!r.is_string())
      continue;
    const std::string id = r.get<std::string>();
    if (d.masks.count(id)) {
      if (s.mask_id.empty())
        s.mask_id = id;
    } else if (d.transitions.count(id)) {
      if (s.transition_id.empty())
        s.transition_id = id;
    } else if (d.animations.count(id)) {
      if (s.animation_id.empty())
        s.animation_id = id;
    } else if (d.resources.count(id)) {
      s.effect_refs.push_back(id);
    } else if (auto it = unmodelled_by_id.find(id); it != unmodelled_by_id.end()) {
      d.unsupported.push_back({"materials." + it->second, "segment " + s.id});
    }
  }
}

/// Whether the material of a segment on a track of `type` is where the renderer looks for it.
bool material_listed(const document& d, track_type type, const std::string& id) {
  switch (type) {
  case track_type::video:
    return d.videos.count(id) > 0;
  case track_type::audio:
    return d.audios.count(id) > 0;
  case track_type::text:
    return d.texts.count(id) > 0;
  case track_type::filter:
  case track_type::effect:
  case track_type::sticker:
    return d.resources.count(id) > 0;
  case track_type::other:
    break;
  }
  return true;
}

parse_result fail(const std::string& why) {
  parse_result r;
  r.error = "invalid draft_content.json: " + why;
  return r;
}

parse_result parse_root(const json& root, document& d) {
  if (!root.is_object())
    return fail("not a JSON object");
  auto* canvas = member(root, "canvas_config");
  if (!canvas || !canvas->is_object())
    return fail("no canvas_config");
  // Checked before narrowing to int: a width of 2^32 + 640 is not 640.
  int64_t width = integer(*canvas, "width", 0);
  int64_t height = integer(*canvas, "height", 0);
  if (width <= 0 || height <= 0 || width > 8192 || height > 8192)
    return fail("canvas size out of range");
  d.width = static_cast<int>(width);
  d.height = static_cast<int>(height);
  d.fps = num(root, "fps", 30.0);
  if (!(d.fps >= 1.0 && d.fps <= 120.0))
    d.fps = 30.0; // a broken fps must not break the export; the template value is 30
  d.duration = time_us(root, "duration");

  // Which unmodelled list each material id belongs to, for naming extra_material_refs.
  std::map<std::string, std::string> unmodelled_by_id;
  if (auto* mats = member(root, "materials"); mats && mats->is_object()) {
    if (auto* videos = member(*mats, "videos"); videos && videos->is_array())
      for (const auto& m : *videos) {
        video_material v;
        v.id = str(m, "id");
        v.path = str(m, "path");
        v.kind = str(m, "type") == "photo" ? visual_kind::photo : visual_kind::video;
        v.width = static_cast<int>(std::clamp<int64_t>(integer(m, "width", 0), 0, 1 << 16));
        v.height = static_cast<int>(std::clamp<int64_t>(integer(m, "height", 0), 0, 1 << 16));
        v.duration = time_us(m, "duration");
        if (!v.id.empty())
          d.videos[v.id] = v;
      }
    if (auto* audios = member(*mats, "audios"); audios && audios->is_array())
      for (const auto& m : *audios) {
        audio_material a;
        a.id = str(m, "id");
        a.path = str(m, "path");
        a.duration = time_us(m, "duration");
        if (!a.id.empty())
          d.audios[a.id] = a;
      }
    if (auto* texts = member(*mats, "texts"); texts && texts->is_array())
      for (const auto& m : *texts) {
        auto t = parse_text_material(m);
        if (!t.id.empty())
          d.texts[t.id] = t;
      }
    parse_effect_materials(*mats, d);
    for (const char* list : unmodelled_material_lists()) {
      auto* entries = member(*mats, list);
      if (!entries || !entries->is_array())
        continue;
      for (const auto& e : *entries) {
        auto id = str(e, "id");
        if (!id.empty())
          unmodelled_by_id[id] = list;
      }
    }
  }

  auto* tracks = member(root, "tracks");
  if (tracks && !tracks->is_array())
    return fail("tracks is not an array");
  size_t segment_count = 0;
  int64_t max_end = 0;
  if (tracks)
    for (const auto& tj : *tracks) {
      if (!tj.is_object())
        continue;
      track t;
      t.id = str(tj, "id");
      t.name = str(tj, "name");
      t.type_name = str(tj, "type");
      t.type = parse_track_type(t.type_name);
      t.muted = (integer(tj, "attribute", 0) & 1) != 0;
      auto* segs = member(tj, "segments");
      if (segs && segs->is_array())
        for (const auto& sj : *segs) {
          if (!sj.is_object())
            continue;
          segment s;
          s.id = str(sj, "id");
          s.material_id = str(sj, "material_id");
          parse_range(member(sj, "target_timerange"), s.target);
          s.has_source = parse_range(member(sj, "source_timerange"), s.source);
          s.speed = num(sj, "speed", 1.0);
          if (!(s.speed > 0.0))
            s.speed = 1.0;
          s.volume = std::max(0.0, num(sj, "volume", 1.0));
          s.render_index = static_cast<int>(integer(sj, "render_index", 0));
          s.visible = boolean(sj, "visible", true);
          s.clip = parse_clip(member(sj, "clip"));
          if (auto* us = member(sj, "uniform_scale"))
            s.uniform_scale = boolean(*us, "on", true);
          parse_keyframes(member(sj, "common_keyframes"), s, d);
          classify_refs(member(sj, "extra_material_refs"), s, d, unmodelled_by_id);
          if (!material_listed(d, t.type, s.material_id)) {
            auto in = unmodelled_by_id.find(s.material_id);
            d.unsupported.push_back({in != unmodelled_by_id.end()
                                         ? "materials." + in->second
                                         : "missing material " + s.material_id,
                                     "segment " + s.id});
          }
          max_end = std::max(max_end, s.target.end());
          t.segments.push_back(std::move(s));
          ++segment_count;
        }
      if (t.type == track_type::other && !t.segments.empty())
        d.unsupported.push_back({"track type " + t.type_name, "track " + t.name});
      d.tracks.push_back(std::move(t));
    }
  if (segment_count == 0) {
    parse_result r;
    r.empty = true;
    r.error = "Draft content is empty";
    return r;
  }
  // Top-level duration is max segment end when written by capcut-mate; trust the segments when
  // it is missing or nonsense.
  if (d.duration <= 0)
    d.duration = max_end;
  if (d.duration <= 0) {
    parse_result r;
    r.empty = true;
    r.error = "Draft content is empty";
    return r;
  }
  return {true, false, {}};
}

} // namespace

parse_result parse_draft(const std::string& json_text, document& out) {
  out = document{};
  json root = json::parse(json_text, nullptr, false);
  if (root.is_discarded())
    return fail("not valid JSON");
  try {
    return parse_root(root, out);
  } catch (const std::exception& e) {
    // The accessors above check types; this is a last line of defence for the API contract.
    return fail(e.what());
  }
}

parse_result parse_draft_file(const std::string& path, document& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return fail("cannot read " + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  return parse_draft(buf.str(), out);
}

} // namespace cutqueue::draft
