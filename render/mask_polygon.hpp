// Coverage of a polygonal mask shape (爱心, 星形) from exact distances to its outline. Internal to
// the mask rasteriser.
#pragma once

#include "render/mask_frame.hpp"

#include <cstdint>
#include <vector>

namespace cutqueue::render::mask_detail {

struct point {
  double x = 0, y = 0;
};

/// Writes the coverage of the simple closed polygon `outline` (picture pixels, x right, y down,
/// vertices in order, any winding) over a `w` × `h` picture into `out`. Inside/outside comes
/// from a scanline pass; exact distances to the outline are only computed for the pixels
/// within the ramp of an edge. Fewer than 3 vertices is an empty shape.
void raster_polygon(const std::vector<point>& outline, const coverage_ramp& ramp, int w, int h,
                    uint8_t* out);

} // namespace cutqueue::render::mask_detail
