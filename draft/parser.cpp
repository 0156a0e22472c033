#include "draft/parser.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace cutqueue::draft {

namespace {

using nlohmann::json;

/// The largest time accepted, in microseconds (about 35 years): far beyond any real draft, and
/// low enough that sums of times (a segment's end) and the graph builder's arithmetic on them
/// cannot overflow int64.
constexpr int64_t max_time_us = int64_t{1} << 50;

const json* member(const json& j, const char* key) {
  if (!j.is_object())
    return nullptr;
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? nullptr : &*it;
}

double num(const json& j, const char* key, double fallback) {
  auto* v = member(j, key);
  return v && v->is_number() ? v->get<double>() : fallback;
}

int64_t integer(const json& j, const char* key, int64_t fallback) {
  auto* v = member(j, key);
  if (!v || !v->is_number())
    return fallback;
  if (v->is_number_unsigned())
    return static_cast<int64_t>(std::min<uint64_t>(v->get<uint64_t>(), INT64_MAX));
  if (v->is_number_integer())
    return v->get<int64_t>();
  // Durations are integers in practice, but a float must not throw, and casting one outside the
  // int64 range is undefined behaviour (found by fuzz/draft_content_fuzzer): clamp it first.
  double x = v->get<double>();
  if (std::isnan(x))
    return fallback;
  return static_cast<int64_t>(std::clamp(x, -9.0e18, 9.0e18));
}

/// A time of the draft: negative values (never written by Jianying or capcut-mate) become 0 and
/// absurd ones max_time_us, so that every time in the model is in [0, max_time_us].
int64_t time_us(const json& j, const char* key) {
  return std::clamp<int64_t>(integer(j, key, 0), 0, max_time_us);
}

std::string str(const json& j, const char* key) {
  auto* v = member(j, key);
  return v && v->is_string() ? v->get<std::string>() : std::string{};
}

bool boolean(const json& j, const char* key, bool fallback) {
  auto* v = member(j, key);
  return v && v->is_boolean() ? v->get<bool>() : fallback;
}

bool parse_range(const json* j, timerange& out) {
  if (!j || !j->is_object())
    return false;
  out.start = time_us(*j, "start");
  out.duration = time_us(*j, "duration");
  return true;
}

/// Reads [r, g, b] floats in 0..1; leaves the outputs alone when absent.
void parse_rgb(const json* color, double& r, double& g, double& b) {
  if (!color || !color->is_array() || color->size() < 3)
    return;
  const auto& c = *color;
  if (c[0].is_number() && c[1].is_number() && c[2].is_number()) {
    r = c[0].get<double>();
    g = c[1].get<double>();
    b = c[2].get<double>();
  }
}

/// Reads "#RRGGBB" into 0..1 floats; leaves the outputs alone when malformed.
void parse_hex_rgb(const std::string& hex, double& r, double& g, double& b) {
  if (hex.size() != 7 || hex[0] != '#' ||
      hex.find_first_not_of("0123456789abcdefABCDEF", 1) != std::string::npos)
    return;
  auto channel = [&](size_t at) { return std::stoi(hex.substr(at, 2), nullptr, 16) / 255.0; };
  r = channel(1);
  g = channel(3);
  b = channel(5);
}

/// The shadow of a text: pyJianYingDraft (and capcut-mate) write it into the content style as
/// `shadows: [{alpha, distance, angle, content: {solid: {color}}}]`; older generators put
/// `has_shadow` and `shadow_*` fields on the material itself, with a "#RRGGBB" colour.
void parse_shadow(const json& material, const json& style, text_material& t) {
  if (auto* shadows = member(style, "shadows");
      shadows && shadows->is_array() && !shadows->empty() && (*shadows)[0].is_object()) {
    const json& sh = (*shadows)[0];
    t.has_shadow = true;
    t.shadow_alpha = num(sh, "alpha", t.shadow_alpha);
    t.shadow_distance = num(sh, "distance", t.shadow_distance);
    t.shadow_angle = num(sh, "angle", t.shadow_angle);
    if (auto* content_obj = member(sh, "content"))
      if (auto* solid = member(*content_obj, "solid"))
        parse_rgb(member(*solid, "color"), t.shadow_r, t.shadow_g, t.shadow_b);
    return;
  }
  if (!boolean(material, "has_shadow", false))
    return;
  t.has_shadow = true;
  t.shadow_alpha = num(material, "shadow_alpha", t.shadow_alpha);
  t.shadow_distance = num(material, "shadow_distance", t.shadow_distance);
  t.shadow_angle = num(material, "shadow_angle", t.shadow_angle);
  parse_hex_rgb(str(material, "shadow_color"), t.shadow_r, t.shadow_g, t.shadow_b);
  parse_rgb(member(material, "shadow_color"), t.shadow_r, t.shadow_g, t.shadow_b);
}

clip_settings parse_clip(const json* j) {
  clip_settings c;
  if (!j || !j->is_object())
    return c;
  c.alpha = num(*j, "alpha", 1.0);
  c.rotation = num(*j, "rotation", 0.0);
  if (auto* f = member(*j, "flip")) {
    c.flip_h = boolean(*f, "horizontal", false);
    c.flip_v = boolean(*f, "vertical", false);
  }
  if (auto* s = member(*j, "scale")) {
    c.scale_x = num(*s, "x", 1.0);
    c.scale_y = num(*s, "y", 1.0);
  }
  if (auto* t = member(*j, "transform")) {
    c.transform_x = num(*t, "x", 0.0);
    c.transform_y = num(*t, "y", 0.0);
  }
  return c;
}

/// `content` is a JSON document inside a string: {"text": ..., "styles": [{...}]}. Older
/// drafts store plain text there, which is used as is.
text_material parse_text(const json& m) {
  text_material t;
  t.id = str(m, "id");
  t.alignment = static_cast<int>(integer(m, "alignment", 1));
  t.auto_wrap = str(m, "type") == "subtitle";
  const double max_width = num(m, "line_max_width", t.line_max_width);
  if (max_width > 0.0 && max_width <= 1.0)
    t.line_max_width = max_width;
  t.line_spacing = std::clamp(num(m, "line_spacing", t.line_spacing), 0.0, 5.0);
  std::string content = str(m, "content");
  json c = json::parse(content, nullptr, false);
  if (c.is_discarded() || !c.is_object()) {
    t.text = content;
    parse_shadow(m, json::object(), t);
    return t;
  }
  t.text = str(c, "text");
  auto* styles = member(c, "styles");
  if (!styles || !styles->is_array() || styles->empty() || !(*styles)[0].is_object()) {
    parse_shadow(m, json::object(), t);
    return t;
  }
  const json& st = (*styles)[0];
  parse_shadow(m, st, t);
  t.size = num(st, "size", t.size);
  t.bold = boolean(st, "bold", false);
  t.italic = boolean(st, "italic", false);
  if (auto* fill = member(st, "fill")) {
    double fill_alpha = num(*fill, "alpha", 1.0);
    if (auto* content_obj = member(*fill, "content"))
      if (auto* solid = member(*content_obj, "solid")) {
        parse_rgb(member(*solid, "color"), t.color_r, t.color_g, t.color_b);
        fill_alpha *= num(*solid, "alpha", 1.0);
      }
    t.color_alpha = fill_alpha;
  }
  if (auto* strokes = member(st, "strokes"); strokes && strokes->is_array() && !strokes->empty()) {
    const json& s = (*strokes)[0];
    t.has_stroke = true;
    t.stroke_width = num(s, "width", 0.0);
    if (auto* content_obj = member(s, "content"))
      if (auto* solid = member(*content_obj, "solid"))
        parse_rgb(member(*solid, "color"), t.stroke_r, t.stroke_g, t.stroke_b);
  }
  return t;
}

track_type parse_track_type(const std::string& s) {
  if (s == "video")
    return track_type::video;
  if (s == "audio")
    return track_type::audio;
  if (s == "text")
    return track_type::text;
  return track_type::other;
}

/// Material lists whose entries change the picture or sound in ways this renderer does not
/// reproduce. Segments point at them through extra_material_refs.
const char* const unsupported_lists[] = {"effects",
                                         "video_effects",
                                         "transitions",
                                         "masks",
                                         "material_animations",
                                         "stickers",
                                         "filters",
                                         "text_templates",
                                         "audio_effects",
                                         "audio_fades",
                                         "chromas",
                                         "flowers",
                                         "plugin_effects",
                                         "handwrites",
                                         "digital_humans",
                                         "smart_crops",
                                         "color_curves",
                                         "hsl",
                                         "primary_color_wheels",
                                         "log_color_wheels",
                                         "manual_deformations",
                                         "smart_relights",
                                         "vocal_separations",
                                         "realtime_denoises"};

/// Whether the renderer finds the material of a segment on a track of `type`. Segments of other
/// tracks are reported with their track.
bool material_listed(const document& d, track_type type, const std::string& id) {
  switch (type) {
  case track_type::video:
    return d.videos.count(id) > 0;
  case track_type::audio:
    return d.audios.count(id) > 0;
  case track_type::text:
    return d.texts.count(id) > 0;
  case track_type::other:
    break;
  }
  return true;
}

/// The note for a segment whose material the renderer cannot draw, so that the skip is logged
/// instead of silent: text templates and the like live in an unsupported list, anything else is
/// a dangling reference.
std::string missing_material_note(const segment& s,
                                  const std::map<std::string, std::string>& unsupported_by_id) {
  auto it = unsupported_by_id.find(s.material_id);
  if (it != unsupported_by_id.end())
    return "segment " + s.id + ": " + it->second;
  return "segment " + s.id + ": material '" + s.material_id + "' not found";
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

  // Which list each material id belongs to, for naming unsupported extra_material_refs.
  std::map<std::string, std::string> unsupported_by_id;
  if (auto* mats = member(root, "materials"); mats && mats->is_object()) {
    if (auto* videos = member(*mats, "videos"); videos && videos->is_array())
      for (const auto& m : *videos) {
        video_material v;
        v.id = str(m, "id");
        v.path = str(m, "path");
        v.kind = str(m, "type") == "photo" ? visual_kind::photo : visual_kind::video;
        v.width = static_cast<int>(integer(m, "width", 0));
        v.height = static_cast<int>(integer(m, "height", 0));
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
        auto t = parse_text(m);
        if (!t.id.empty())
          d.texts[t.id] = t;
      }
    for (const char* list : unsupported_lists) {
      auto* entries = member(*mats, list);
      if (!entries || !entries->is_array())
        continue;
      for (const auto& e : *entries) {
        auto id = str(e, "id");
        if (!id.empty())
          unsupported_by_id[id] = list;
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
          if (auto* kf = member(sj, "common_keyframes"); kf && kf->is_array() && !kf->empty())
            d.unsupported.push_back("segment " + s.id + ": keyframes");
          if (auto* refs = member(sj, "extra_material_refs"); refs && refs->is_array())
            for (const auto& r : *refs)
              if (r.is_string()) {
                auto it = unsupported_by_id.find(r.get<std::string>());
                if (it != unsupported_by_id.end())
                  d.unsupported.push_back("segment " + s.id + ": " + it->second);
              }
          if (!material_listed(d, t.type, s.material_id))
            d.unsupported.push_back(missing_material_note(s, unsupported_by_id));
          max_end = std::max(max_end, s.target.end());
          t.segments.push_back(std::move(s));
          ++segment_count;
        }
      if (t.type == track_type::other && !t.segments.empty())
        d.unsupported.push_back("track " + t.name + ": type " + t.type_name);
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
