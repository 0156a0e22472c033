// Output frames of a draft: frame n is shown at n / fps. Every time of the draft is snapped to
// a frame once, here, so that cuts, animations and transitions agree to the frame.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

namespace cutqueue::render {

struct frame_clock {
  double fps = 30.0;

  /// The first frame at or after `us` (rounded to the nearest frame).
  int64_t frame_at(int64_t us) const {
    return static_cast<int64_t>(std::llround(static_cast<double>(us) * fps / 1e6));
  }
  double seconds(int64_t frame) const { return static_cast<double>(frame) / fps; }
  int64_t micros(int64_t frame) const {
    return static_cast<int64_t>(std::llround(static_cast<double>(frame) * 1e6 / fps));
  }
  /// The rate as an exact fraction "num/den" (29.97 is NTSC's 30000/1001), so that frame
  /// timestamps are whole numbers of a time base of den/num and never drift by a frame.
  std::string rate() const {
    const double whole = std::round(fps);
    if (std::fabs(fps - whole) < 1e-6)
      return std::to_string(static_cast<long long>(whole)) + "/1";
    const double ntsc = std::round(fps * 1.001);
    if (std::fabs(fps - ntsc / 1.001) < 1e-4)
      return std::to_string(static_cast<long long>(ntsc * 1000)) + "/1001";
    return std::to_string(static_cast<long long>(std::llround(fps * 1000))) + "/1000";
  }
  /// One frame as a time base ("1/30", "1001/30000").
  std::string time_base() const {
    const std::string r = rate();
    const auto slash = r.find('/');
    return r.substr(slash + 1) + "/" + r.substr(0, slash);
  }
};

} // namespace cutqueue::render
