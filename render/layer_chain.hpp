// One layer's filter chain: from its input to frames at the canvas rate, shaped (size, flips,
// mask, colour, opacity, rotation) frame by frame, and shifted to the time it is drawn at.
#pragma once

#include "render/inputs.hpp"
#include "render/layer_plan.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace cutqueue::render {

/// Files the graph needs written before FFmpeg starts (sendcmd scripts, mask pictures).
struct graph_file {
  std::string path;
  std::string content;
};

/// Where a layer's chain writes and how it names things.
struct chain_context {
  std::ostream& graph;
  std::vector<graph_file>& files;
  input_table& inputs;
  const picture_plan& plan;
  std::string work_dir;
  int serial = 0; ///< makes labels and filter instance names unique
};

/// A layer's frames, ready to overlay: `label` carries frames [f0, f1) of the plan with canvas
/// timestamps; x/y are overlay position expressions (integers when the layer does not move).
struct layer_frames {
  std::string label;
  std::string x, y;
  bool moves = false;
};

/// Emits the chain of plan.layers[index], reading picture `tap` of `input`. `mask_input` is
/// the input of its mask picture (SIZE_MAX: none).
layer_frames emit_layer(chain_context& ctx, size_t index, size_t input, const std::string& tap,
                        size_t mask_input);

/// The size a layer's picture is shaped at (flips, mask) before its per-frame scaling: its drawn
/// size when that never changes, else its largest drawn size (so it is only ever scaled down),
/// limited to a few canvases.
struct work_size {
  int w = 0, h = 0;
};
work_size layer_work_size(const visual_layer& l, int canvas_w, int canvas_h);

/// The shaping of a layer over all of its frames (a window keeps its whole layer's).
layer_traits traits_of(const visual_layer& l, int canvas_w, int canvas_h);

/// The segment's source range: as written, or its target length times its speed.
draft::timerange source_range(const draft::segment& s);

/// Where a layer's picture is read from: the segment's source start, or, for a window's layer
/// that starts `drop_frames` canvas frames into its segment, shortly before the first one
/// needed (only when the input can seek; a looped sticker is read from its start).
struct source_window {
  int64_t read_from_us = 0;
  int64_t drop_frames = 0;
};
source_window source_window_of(const visual_layer& l, const frame_clock& clock, bool seekable);

} // namespace cutqueue::render
