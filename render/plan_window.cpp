#include "render/plan_window.hpp"

#include "render/layer_chain.hpp"

#include <algorithm>
#include <vector>

namespace cutqueue::render {

picture_plan window_of(const picture_plan& whole, int64_t f0, int64_t f1) {
  picture_plan w;
  w.width = whole.width;
  w.height = whole.height;
  w.clock = whole.clock;
  w.frames = f1 - f0;
  w.origin = whole.origin + f0;
  std::vector<size_t> index(whole.layers.size(), SIZE_MAX);
  for (size_t k = 0; k < whole.layers.size(); ++k) {
    const visual_layer& l = whole.layers[k];
    if (l.f1 <= f0 || l.f0 >= f1 || l.frames.empty())
      continue;
    visual_layer c = l;
    const int64_t from = std::max(l.f0, f0), to = std::min(l.f1, f1);
    const auto first = static_cast<std::ptrdiff_t>(from - l.f0);
    c.frames.assign(l.frames.begin() + first, l.frames.begin() + first + (to - from));
    c.skip = l.skip + (from - l.f0);
    c.f0 = from - f0;
    c.f1 = to - f0;
    c.seg_f0 = l.seg_f0 - f0;
    c.seg_f1 = l.seg_f1 - f0;
    if (!c.traits)
      c.traits = std::make_shared<const layer_traits>(traits_of(l, whole.width, whole.height));
    index[k] = w.layers.size();
    w.layers.push_back(std::move(c));
  }
  for (const auto& t : whole.transitions) {
    if (t.f0 < f0 || t.f1 > f1 || index[t.from] == SIZE_MAX || index[t.to] == SIZE_MAX)
      continue;
    transition_plan c = t;
    c.from = index[t.from];
    c.to = index[t.to];
    c.f0 -= f0;
    c.f1 -= f0;
    w.transitions.push_back(c);
  }
  for (const auto& lk : whole.looks) {
    if (lk.f1 <= f0 || lk.f0 >= f1)
      continue;
    look_layer c = lk;
    c.f0 = std::max(lk.f0, f0) - f0;
    c.f1 = std::min(lk.f1, f1) - f0;
    // Still above the same layers: those of the window below its old place.
    c.above = 0;
    for (size_t k = 0; k < lk.above && k < index.size(); ++k)
      if (index[k] != SIZE_MAX)
        ++c.above;
    w.looks.push_back(std::move(c));
  }
  return w;
}

std::pair<int64_t, int64_t> rendered_window_of(const picture_plan& whole, int64_t f0, int64_t f1) {
  for (bool widened = true; widened;) {
    widened = false;
    for (const auto& t : whole.transitions) {
      if (t.xfade.empty())
        continue; // drawn frame by frame from the layers' states: any frame can start a window
      if (t.f0 < f0 && f0 < t.f1) {
        f0 = t.f0;
        widened = true;
      }
      if (t.f0 < f1 && f1 < t.f1) {
        f1 = t.f1;
        widened = true;
      }
    }
  }
  return {f0, f1};
}

} // namespace cutqueue::render
