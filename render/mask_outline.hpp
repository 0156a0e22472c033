// Outlines of the 爱心 (heart) and 星形 (star) masks, inscribed in the mask's box. Internal to the
// mask rasteriser.
#pragma once

#include "render/mask_polygon.hpp"

#include <vector>

namespace cutqueue::render::mask_detail {

/// The classic heart curve x = 16 sin³t, y = 13 cos t − 5 cos 2t − 2 cos 3t − cos 4t (y up),
/// its bounding box stretched onto a `box_w` × `box_h` px box centred on the origin (y down),
/// flattened so no point of the curve is more than about `tolerance` px from the polygon.
/// Unstretched it is 32 × 29.1 (aspect 1.10, close to Jianying's default 1.115).
std::vector<point> heart_outline(double box_w, double box_h, double tolerance);

/// A regular five-point star, point up, inner radius 0.381966 of the outer (the pentagram's
/// own: each arm's two sides are straight lines through two tips), its bounding box
/// (1.902 × 1.809 of the outer radius, aspect 1.05 like Jianying's default) stretched onto a
/// `box_w` × `box_h` px box centred on the origin (y down).
std::vector<point> star_outline(double box_w, double box_h);

} // namespace cutqueue::render::mask_detail
