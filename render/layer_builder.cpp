#include "render/feature_audit.hpp"
#include "render/keyframe_eval.hpp"
#include "render/layer_effects.hpp"
#include "render/layer_plan.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace cutqueue::render {

using draft::keyframe_property;

bool frame_state::same_geometry(const frame_state& o) const {
  constexpr double eps = 1e-6;
  return std::fabs(cx - o.cx) < eps && std::fabs(cy - o.cy) < eps && std::fabs(w - o.w) < eps &&
         std::fabs(h - o.h) < eps && std::fabs(rotation - o.rotation) < eps;
}

bool frame_state::same_look(const frame_state& o) const {
  constexpr double eps = 1e-6;
  return std::fabs(alpha - o.alpha) < eps && std::fabs(saturation - o.saturation) < eps &&
         std::fabs(contrast - o.contrast) < eps && std::fabs(brightness - o.brightness) < eps &&
         std::fabs(reveal - o.reveal) < eps && reveal_from == o.reveal_from;
}

bool visual_layer::static_geometry() const {
  return std::all_of(frames.begin(), frames.end(),
                     [&](const frame_state& f) { return f.same_geometry(frames.front()); });
}

bool visual_layer::static_look() const {
  return std::all_of(frames.begin(), frames.end(),
                     [&](const frame_state& f) { return f.same_look(frames.front()); });
}

bool visual_layer::covers_canvas(int canvas_w, int canvas_h) const {
  if (frames.empty() || see_through || mask || !static_geometry() || !static_look())
    return false;
  const frame_state& f = frames.front();
  const double rot = std::fmod(f.rotation, 360.0);
  return source == layer_source::media && std::fabs(rot) < 1e-3 && f.alpha >= 0.999 &&
         f.reveal >= 0.999 && std::fabs(f.saturation) < 1e-6 && std::fabs(f.contrast) < 1e-6 &&
         std::fabs(f.brightness) < 1e-6 && std::lround(f.w) == canvas_w &&
         std::lround(f.h) == canvas_h && std::lround(f.cx - f.w / 2) == 0 &&
         std::lround(f.cy - f.h / 2) == 0;
}

namespace {

/// The segment's own state at timeline offset `r_us` from its start: the static clip values,
/// replaced by keyframes where the segment has them.
frame_state keyframed_state(const draft::segment& s, int64_t r_us, double base_w, double base_h,
                            int W, int H) {
  frame_state f;
  const double x = keyframe_value(s, keyframe_property::position_x, r_us, s.clip.transform_x);
  const double y = keyframe_value(s, keyframe_property::position_y, r_us, s.clip.transform_y);
  const scale_xy sc = keyframe_scale(s, r_us);
  f.cx = W / 2.0 + x * W / 2.0;
  f.cy = H / 2.0 - y * H / 2.0;
  f.w = base_w * std::fabs(sc.x);
  f.h = base_h * std::fabs(sc.y);
  f.rotation = keyframe_value(s, keyframe_property::rotation, r_us, s.clip.rotation);
  f.alpha = std::clamp(keyframe_value(s, keyframe_property::alpha, r_us, s.clip.alpha), 0.0, 1.0);
  f.saturation = std::clamp(keyframe_value(s, keyframe_property::saturation, r_us, 0.0), -1.0, 1.0);
  f.contrast = std::clamp(keyframe_value(s, keyframe_property::contrast, r_us, 0.0), -1.0, 1.0);
  f.brightness = std::clamp(keyframe_value(s, keyframe_property::brightness, r_us, 0.0), -1.0, 1.0);
  return f;
}

/// The largest scale the segment reaches (keyframes only; animations are applied later and
/// rarely enlarge much), so captions are drawn at least that sharp.
scale_xy largest_scale(const draft::segment& s) {
  scale_xy m{std::fabs(s.clip.scale_x), std::fabs(s.clip.scale_y)};
  for (const auto& k : s.keyframes)
    for (const auto& p : k.points) {
      const int64_t r = static_cast<int64_t>(static_cast<double>(p.time_offset) / s.speed);
      const scale_xy sc = keyframe_scale(s, r);
      m.x = std::max(m.x, std::fabs(sc.x));
      m.y = std::max(m.y, std::fabs(sc.y));
    }
  return m;
}

void fill_frames(visual_layer& l, const frame_clock& clock, int W, int H) {
  const draft::segment& s = *l.seg;
  l.frames.clear();
  l.frames.reserve(static_cast<size_t>(l.f1 - l.f0));
  for (int64_t n = l.f0; n < l.f1; ++n) {
    // Frames a transition adds outside the segment hold its first or last state.
    const int64_t r = std::clamp<int64_t>(clock.micros(n) - s.target.start, 0,
                                          std::max<int64_t>(0, s.target.duration - 1));
    l.frames.push_back(keyframed_state(s, r, l.base_w, l.base_h, W, H));
  }
}

} // namespace

picture_plan plan_picture(const draft::document& d, const probed_materials& probed,
                          const caption_drawer& draw_caption, const look_sources& sources) {
  picture_plan plan;
  plan.width = d.width;
  plan.height = d.height;
  plan.clock.fps = d.fps;
  plan.frames = plan.clock.frame_at(d.duration);
  const int W = d.width, H = d.height;

  enum class kind { media, text, sticker, look };
  struct candidate {
    const draft::segment* seg;
    int render_index;
    kind what;
  };
  std::vector<candidate> order;
  for (const auto& ps : draft::visual_segments(d))
    order.push_back({ps.seg, ps.seg->render_index, kind::media});
  for (const auto& ps : draft::text_segments(d))
    order.push_back({ps.seg, ps.seg->render_index, kind::text});
  for (const auto& t : d.tracks) {
    const bool looks = t.type == draft::track_type::filter || t.type == draft::track_type::effect;
    if (!looks && t.type != draft::track_type::sticker)
      continue;
    for (const auto& s : t.segments)
      order.push_back({&s, s.render_index, looks ? kind::look : kind::sticker});
  }
  std::stable_sort(order.begin(), order.end(), [](const candidate& a, const candidate& b) {
    return a.render_index < b.render_index;
  });

  for (const auto& c : order) {
    const draft::segment& s = *c.seg;
    const std::string where = "segment " + s.id;
    if (c.what == kind::look) {
      look_layer look;
      draft::unsupported_feature note;
      const bool drawn = plan_look(d, s, sources, plan, look, note);
      if (!note.feature.empty())
        plan.notes.push_back(std::move(note));
      if (drawn) {
        look.above = plan.layers.size();
        plan.looks.push_back(std::move(look));
      }
      continue;
    }
    visual_layer l;
    l.seg = &s;
    l.seg_f0 = l.f0 = plan.clock.frame_at(s.target.start);
    l.seg_f1 = l.f1 = std::min(plan.clock.frame_at(s.target.end()), plan.frames);
    if (l.f1 <= l.f0 || s.clip.alpha <= 0.0)
      continue; // shorter than a frame, past the end, or fully transparent: draws nothing
    l.flip_h = s.clip.flip_h != (s.clip.scale_x < 0);
    l.flip_v = s.clip.flip_v != (s.clip.scale_y < 0);
    if (c.what == kind::text) {
      l.source = layer_source::caption;
      const draft::text_material& t = d.texts.at(s.material_id);
      if (t.text.empty())
        continue;
      if (!draw_caption) {
        plan.notes.push_back({"caption (no caption drawer)", where});
        continue;
      }
      {
        const scale_xy big = largest_scale(s);
        caption_picture pic;
        const bool drawn = draw_caption(s, t, big.x, big.y, pic);
        for (auto& note : pic.notes) {
          note.where = where;
          plan.notes.push_back(std::move(note));
        }
        if (!drawn || pic.width <= 0 || pic.height <= 0 || pic.png.empty())
          continue;
        l.picture_png = std::move(pic.png);
        l.src_w = pic.width;
        l.src_h = pic.height;
        l.base_w = pic.width / std::max(1e-6, pic.scale_x);
        l.base_h = pic.height / std::max(1e-6, pic.scale_y);
        l.see_through = true;
      }
    } else {
      std::string path;
      bool photo = false;
      int known_w = 0, known_h = 0;
      if (c.what == kind::sticker) {
        auto r = d.resources.find(s.material_id);
        const std::string name =
            r == d.resources.end() ? "sticker " + s.material_id : resource_feature(r->second);
        auto file = sources.stickers.find(s.material_id);
        if (file == sources.stickers.end()) {
          plan.notes.push_back({name, where});
          continue;
        }
        path = file->second;
        photo = still_sticker(path);
        auto origin = sources.origins.find(path);
        const std::string shown = origin == sources.origins.end() ? path : origin->second;
        plan.notes.push_back({name, where, draft::drawn::exactly,
                              "stickers/" + std::filesystem::path(shown).filename().string()});
      } else {
        const draft::video_material& m = d.videos.at(s.material_id);
        path = m.path;
        photo = m.kind == draft::visual_kind::photo;
        known_w = m.width;
        known_h = m.height;
      }
      auto info = probed.find(path);
      if (info == probed.end()) {
        plan.notes.push_back({"material not available", where});
        continue;
      }
      if (!info->second.has_video) {
        plan.notes.push_back({"material without a picture", where});
        continue;
      }
      l.material_path = path;
      l.photo = photo;
      l.looped = c.what == kind::sticker && !photo;
      l.see_through = info->second.has_alpha;
      l.src_w = info->second.width > 0 ? info->second.width : known_w;
      l.src_h = info->second.height > 0 ? info->second.height : known_h;
      if (l.src_w <= 0 || l.src_h <= 0) {
        plan.notes.push_back({"material of unknown size", where});
        continue;
      }
      const double fit =
          std::min(static_cast<double>(W) / l.src_w, static_cast<double>(H) / l.src_h);
      l.base_w = l.src_w * fit;
      l.base_h = l.src_h * fit;
      if (!s.mask_id.empty())
        l.mask = &d.masks.at(s.mask_id);
    }
    plan.layers.push_back(std::move(l));
  }

  plan_transitions(d, plan);
  for (auto& l : plan.layers)
    fill_frames(l, plan.clock, W, H);
  apply_animations(d, plan);
  return plan;
}

} // namespace cutqueue::render
