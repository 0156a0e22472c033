// Draft masks (add_masks: 线性, 镜面, 圆形, 矩形, 爱心, 星形) as coverage pictures, to be merged
// into the material's alpha before it is placed on the canvas.
#pragma once

#include "draft/model.hpp"

#include <cstdint>
#include <vector>

namespace cutqueue::render {

/// Largest picture side rasterize_mask accepts (4× a 4K frame's width).
inline constexpr int max_mask_side = 16384;

/// Coverage of a draft mask over a picture of the material, 0 (hidden) .. 255 (shown),
/// row-major, top row first. `width`/`height` are the size the material is drawn at (the
/// mask moves and scales with the material: all mask units are relative to it).
/// Returns false (and leaves `out` empty) for a mask shape it does not know.
///
/// Conventions (shared/fixtures/README.md, "Keyframes, masks and text"): the centre is at
/// (W/2 + center_x·W/2, H/2 − center_y·H/2) px; sizes are width·W × height·H px; rotation is
/// clockwise about the centre. 线性 shows the side above the line, 镜面 a band height·H thick,
/// 圆形 an ellipse, 矩形 a rectangle with corner radius round_corner × half its shorter side,
/// 爱心/星形 a heart/star inscribed in the box. The edge is a linear ramp
/// max(1, feather·min(W,H)/4) px wide centred on it (50% on the edge); invert swaps inside and
/// outside. `aspect_ratio` is not used: width and height already carry it.
///
/// Shape from `name`, else from `resource_type` (line, mirror, circle, rectangle). Also false
/// for a picture side outside 1..max_mask_side or when memory runs out. Non-finite numbers in
/// the mask are treated as 0 (an empty shape for a size); sizes are capped at 100 material
/// sizes and centres at 100 half-materials away, where the result no longer changes.
bool rasterize_mask(const draft::mask_material& m, int width, int height,
                    std::vector<uint8_t>& out);

} // namespace cutqueue::render
