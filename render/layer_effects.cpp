#include "render/layer_effects.hpp"

#include "render/animation_catalog.hpp"
#include "render/animation_state.hpp"
#include "render/transition_catalog.hpp"

#include <algorithm>
#include <cmath>

namespace cutqueue::render {

namespace {

/// Jianying's usual transition length, for a transition whose draft gives none.
constexpr int64_t default_transition_us = 500000;

/// The segment that follows `s` on its track, or nullptr.
const draft::segment* next_on_track(const draft::document& d, const draft::segment& s) {
  for (const auto& t : d.tracks)
    for (size_t i = 0; i < t.segments.size(); ++i)
      if (&t.segments[i] == &s) {
        const draft::segment* next = nullptr;
        for (const auto& o : t.segments)
          if (&o != &s && o.target.start >= s.target.start &&
              (!next || o.target.start < next->target.start))
            next = &o;
        return next;
      }
  return nullptr;
}

int layer_of(const picture_plan& plan, const draft::segment* s) {
  for (size_t k = 0; k < plan.layers.size(); ++k)
    if (plan.layers[k].seg == s)
      return static_cast<int>(k);
  return -1;
}

/// Folds an animation (or a drawn transition) state into a frame's state.
void apply(frame_state& f, const animation_state& a, int W, int H) {
  f.alpha *= std::clamp(a.alpha, 0.0, 1.0);
  f.cx += a.dx * W / 2.0;
  f.cy -= a.dy * H / 2.0;
  f.w *= std::max(0.0, a.scale);
  f.h *= std::max(0.0, a.scale);
  f.rotation += a.rotation;
  if (a.reveal < f.reveal) {
    f.reveal = std::clamp(a.reveal, 0.0, 1.0);
    f.reveal_from = a.reveal_from;
  }
}

/// The per-frame motion of the transitions FFmpeg's xfade has no kind for: both pictures turn
/// (or the old one shrinks away) while one dissolves into the other, around the cut.
animation_state custom_transition_state(const std::string& kind, bool outgoing, double p) {
  animation_state s;
  if (kind == custom_spin_cw || kind == custom_spin_ccw) {
    const double sign = kind == custom_spin_cw ? 1.0 : -1.0;
    s.rotation = sign * (outgoing ? 90.0 * p : -90.0 * (1.0 - p));
    s.alpha = outgoing ? 1.0 : p;
  } else if (kind == custom_zoom_out) {
    // The new picture is drawn above the old one, so it fades in over the shrinking old one.
    if (outgoing)
      s.scale = 1.0 - 0.8 * p;
    else
      s.alpha = p;
  }
  return s;
}

} // namespace

void plan_transitions(const draft::document& d, picture_plan& plan) {
  for (size_t k = 0; k < plan.layers.size(); ++k) {
    visual_layer& a = plan.layers[k];
    if (a.seg->transition_id.empty())
      continue;
    const draft::transition_material& m = d.transitions.at(a.seg->transition_id);
    const std::string where = "segment " + a.seg->id;
    const draft::segment* next = next_on_track(d, *a.seg);
    const int b_index = next ? layer_of(plan, next) : -1;
    if (b_index < 0 || std::llabs(plan.clock.frame_at(next->target.start) - a.seg_f1) > 1) {
      plan.notes.push_back({"transition " + m.name + " (no clip right after it)", where});
      continue;
    }
    visual_layer& b = plan.layers[static_cast<size_t>(b_index)];
    // Centred on the cut, never longer than half of either clip (so two transitions on one clip
    // never meet). Jianying draws it there whether or not the clips overlap (is_overlap): an
    // overlapping one (叠化) blends the two clips, the others (闪黑) pass through a colour.
    const int64_t cut = b.seg_f0;
    const int64_t want = plan.clock.frame_at(m.duration > 0 ? m.duration : default_transition_us);
    const int64_t before = std::min({want / 2, (a.seg_f1 - a.seg_f0) / 2, cut});
    const int64_t after = std::min(want - want / 2, (b.seg_f1 - b.seg_f0) / 2);
    if (before + after < 2) {
      plan.notes.push_back({"transition " + m.name + " (clips too short)", where});
      continue;
    }
    const transition_look look = transition_look_for(m.resource_id, m.name);
    transition_plan t;
    t.from = k;
    t.to = static_cast<size_t>(b_index);
    t.f0 = cut - before;
    t.f1 = std::min(cut + after, plan.frames);
    t.material = &m;
    t.xfade = look.xfade;
    t.custom = look.custom;
    a.f1 = std::max(a.f1, t.f1);
    b.f0 = std::min(b.f0, t.f0);
    plan.transitions.push_back(t);
  }
}

void apply_animations(const draft::document& d, picture_plan& plan) {
  const int W = plan.width, H = plan.height;
  const frame_clock& clock = plan.clock;
  for (auto& l : plan.layers) {
    if (l.seg->animation_id.empty())
      continue;
    const std::string where = "segment " + l.seg->id;
    for (const auto& a : d.animations.at(l.seg->animation_id).animations) {
      const auto kind = animation_kind_of(a.type, a.material_type);
      if (!kind || a.duration <= 0) {
        plan.notes.push_back({"animation " + a.name + " (type " + a.type + ")", where});
        continue;
      }
      const animation_look look = animation_look_for(*kind, a.resource_id, a.name);
      const double start = static_cast<double>(l.seg->target.start + a.start) / 1e6;
      const double length = static_cast<double>(a.duration) / 1e6;
      const double seg_end = static_cast<double>(l.seg->target.end()) / 1e6;
      for (int64_t n = l.f0; n < l.f1; ++n) {
        const double t = clock.seconds(n);
        double p;
        if (is_loop(*kind)) {
          // A loop repeats its cycle from its start to the segment's end.
          if (t < start || t >= seg_end)
            continue;
          const double cycles = (t - start) / length;
          p = cycles - std::floor(cycles);
        } else {
          p = std::clamp((t - start) / length, 0.0, 1.0);
          // Outside its window an out animation has not begun, an in one has ended.
          if (kind == animation_kind::video_out || kind == animation_kind::text_out) {
            if (t < start)
              continue;
          } else if (t >= start + length) {
            continue;
          }
        }
        apply(l.frames[static_cast<size_t>(n - l.f0)], animation_state_at(look, *kind, p), W, H);
      }
    }
  }
  // Transitions FFmpeg cannot draw move the two pictures themselves.
  for (const auto& t : plan.transitions) {
    if (t.custom.empty())
      continue;
    const double span = static_cast<double>(t.f1 - t.f0);
    for (int outgoing = 0; outgoing < 2; ++outgoing) {
      visual_layer& l = plan.layers[outgoing ? t.from : t.to];
      for (int64_t n = std::max(t.f0, l.f0); n < std::min(t.f1, l.f1); ++n) {
        const double p = (static_cast<double>(n - t.f0) + 0.5) / span;
        apply(l.frames[static_cast<size_t>(n - l.f0)],
              custom_transition_state(t.custom, outgoing != 0, p), W, H);
      }
    }
  }
  // A wipe that has not uncovered a whole pixel yet shows nothing at all.
  for (auto& l : plan.layers)
    for (auto& f : l.frames) {
      const double side = f.reveal_from < 2 ? f.w : f.h;
      if (f.reveal < 1.0 && f.reveal * side < 1.0)
        f.alpha = 0;
    }
}

} // namespace cutqueue::render
