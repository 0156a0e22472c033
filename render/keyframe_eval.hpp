// Keyframes of a segment evaluated at a point of the timeline.
#pragma once

#include "draft/model.hpp"

#include <cstdint>

namespace cutqueue::render {

/// The keyframe list of `p` on `s`, or nullptr.
const draft::keyframe_list* keyframes_of(const draft::segment& s, draft::keyframe_property p);

/// The value of `p` at `target_offset_us` of timeline time after the segment's start: linear
/// between keyframes, the first value before the first keyframe and the last after the last.
/// `fallback` (the static clip value) when the segment has no keyframes for `p`.
///
/// Keyframe times are source (material) time from the segment's start, as Jianying's own
/// template engine converts them (target = time_offset / speed): a keyframe placed at the end
/// of a segment played at 2x sits at the middle of its time on the timeline.
double keyframe_value(const draft::segment& s, draft::keyframe_property p, int64_t target_offset_us,
                      double fallback);

/// Both scale factors of a segment at a point of its time: KFTypeScaleX drives both axes when
/// `uniform_scale.on` is set and there is no KFTypeScaleY list; UNIFORM_SCALE always does.
struct scale_xy {
  double x = 1, y = 1;
};
scale_xy keyframe_scale(const draft::segment& s, int64_t target_offset_us);

} // namespace cutqueue::render
