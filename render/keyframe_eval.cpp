#include "render/keyframe_eval.hpp"

namespace cutqueue::render {

using draft::keyframe_list;
using draft::keyframe_property;

const keyframe_list* keyframes_of(const draft::segment& s, keyframe_property p) {
  for (const auto& k : s.keyframes)
    if (k.property == p && !k.points.empty())
      return &k;
  return nullptr;
}

double keyframe_value(const draft::segment& s, keyframe_property p, int64_t target_offset_us,
                      double fallback) {
  const keyframe_list* k = keyframes_of(s, p);
  if (!k)
    return fallback;
  const double source_us = static_cast<double>(target_offset_us) * (s.speed > 0 ? s.speed : 1.0);
  const auto& pts = k->points;
  if (source_us <= static_cast<double>(pts.front().time_offset))
    return pts.front().value;
  if (source_us >= static_cast<double>(pts.back().time_offset))
    return pts.back().value;
  for (size_t i = 1; i < pts.size(); ++i) {
    const double t1 = static_cast<double>(pts[i].time_offset);
    if (source_us <= t1) {
      const double t0 = static_cast<double>(pts[i - 1].time_offset);
      if (t1 <= t0)
        return pts[i].value;
      return pts[i - 1].value + (pts[i].value - pts[i - 1].value) * (source_us - t0) / (t1 - t0);
    }
  }
  return pts.back().value;
}

scale_xy keyframe_scale(const draft::segment& s, int64_t target_offset_us) {
  scale_xy out{s.clip.scale_x, s.clip.scale_y};
  if (keyframes_of(s, keyframe_property::uniform_scale)) {
    out.x = out.y = keyframe_value(s, keyframe_property::uniform_scale, target_offset_us, 1.0);
    return out;
  }
  const bool has_x = keyframes_of(s, keyframe_property::scale_x) != nullptr;
  const bool has_y = keyframes_of(s, keyframe_property::scale_y) != nullptr;
  if (has_x)
    out.x = keyframe_value(s, keyframe_property::scale_x, target_offset_us, out.x);
  if (has_y)
    out.y = keyframe_value(s, keyframe_property::scale_y, target_offset_us, out.y);
  else if (has_x && s.uniform_scale)
    out.y = out.x;
  return out;
}

} // namespace cutqueue::render
