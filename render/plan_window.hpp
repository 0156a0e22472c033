// A long draft is rendered in time chunks (render/chunked_render.hpp). Each chunk's FFmpeg job
// is built from a window of the whole picture plan: only the layers, transitions and looks
// that overlap it, each keeping its own time, so a chunk's graph does not grow with the draft.
#pragma once

#include "render/layer_plan.hpp"

#include <cstdint>
#include <utility>

namespace cutqueue::render {

/// The frames [f0, f1) of `whole` as a plan of their own: frame 0 is whole's frame f0. Every
/// layer that overlaps them keeps the frame states, shaping (layer_traits) and source timing
/// it has in the whole plan; a transition must lie entirely inside or outside the window
/// (rendered_window_of widens a chunk to make it so).
picture_plan window_of(const picture_plan& whole, int64_t f0, int64_t f1);

/// The frames a chunk [f0, f1) must render so that no transition is cut: a transition running
/// across either end is rendered whole and the surplus frames are trimmed from the output.
std::pair<int64_t, int64_t> rendered_window_of(const picture_plan& whole, int64_t f0, int64_t f1);

} // namespace cutqueue::render
