// The mask shapes with a closed-form signed distance (线性, 镜面, 圆形, 矩形), evaluated at every
// pixel centre. Internal to the mask rasteriser.
#pragma once

#include "render/mask_frame.hpp"

#include <cstdint>

namespace cutqueue::render::mask_detail {

/// 线性: shows the side above the line through the frame's centre (local y < 0).
void raster_line(const mask_frame& f, const coverage_ramp& ramp, int w, int h, uint8_t* out);

/// 镜面: shows the band |local y| <= `half_thickness`.
void raster_band(const mask_frame& f, double half_thickness, const coverage_ramp& ramp, int w,
                 int h, uint8_t* out);

/// 圆形: the ellipse with semi-axes `a` (local x) and `b` (local y), both > 0.
void raster_ellipse(const mask_frame& f, double a, double b, const coverage_ramp& ramp, int w,
                    int h, uint8_t* out);

/// 矩形: the rectangle of half extents `hx`, `hy` (> 0) with corners rounded to `radius`
/// (0 .. min(hx, hy)).
void raster_rounded_rect(const mask_frame& f, double hx, double hy, double radius,
                         const coverage_ramp& ramp, int w, int h, uint8_t* out);

} // namespace cutqueue::render::mask_detail
