#include "render/mask_raster.hpp"

#include "render/mask_analytic.hpp"
#include "render/mask_outline.hpp"
#include "render/mask_polygon.hpp"

#include <algorithm>
#include <cmath>
#include <new>

namespace cutqueue::render {

namespace {

using namespace mask_detail;

enum class shape { unknown, line, mirror, circle, rectangle, heart, star };

shape shape_of(const draft::mask_material& m) {
  if (m.name == "线性")
    return shape::line;
  if (m.name == "镜面")
    return shape::mirror;
  if (m.name == "圆形")
    return shape::circle;
  if (m.name == "矩形")
    return shape::rectangle;
  if (m.name == "爱心")
    return shape::heart;
  if (m.name == "星形")
    return shape::star;
  // geometric_shape covers both 爱心 and 星形, so only the name can tell them apart.
  if (m.resource_type == "line")
    return shape::line;
  if (m.resource_type == "mirror")
    return shape::mirror;
  if (m.resource_type == "circle")
    return shape::circle;
  if (m.resource_type == "rectangle")
    return shape::rectangle;
  return shape::unknown;
}

/// Clamps to [lo, hi] with NaN and infinities becoming 0 (then clamped).
double sane(double v, double lo, double hi) {
  return std::clamp(std::isfinite(v) ? v : 0.0, lo, hi);
}

mask_frame frame_of(const draft::mask_material& m, double w, double h) {
  constexpr double pi = 3.14159265358979323846;
  mask_frame f;
  f.cx = w / 2 + sane(m.center_x, -100, 100) * w / 2;
  f.cy = h / 2 - sane(m.center_y, -100, 100) * h / 2; // +y is up
  // fmod first: a huge angle keeps its precision as degrees, not as radians.
  const double rad = std::fmod(sane(m.rotation, -1e300, 1e300), 360.0) * pi / 180;
  f.cos = std::cos(rad);
  f.sin = std::sin(rad);
  return f;
}

std::vector<point> to_picture(const std::vector<point>& outline, const mask_frame& f) {
  std::vector<point> out(outline.size());
  for (size_t i = 0; i < outline.size(); ++i)
    f.to_picture(outline[i].x, outline[i].y, out[i].x, out[i].y);
  return out;
}

void draw(shape s, const draft::mask_material& m, int w, int h, uint8_t* out) {
  const mask_frame f = frame_of(m, w, h);
  const double feather = sane(m.feather, 0, 1);
  const coverage_ramp ramp(std::max(1.0, feather * std::min(w, h) / 4.0), m.invert);
  const double box_w = sane(m.width, 0, 100) * w, box_h = sane(m.height, 0, 100) * h;
  const bool has_area = box_w > 0 && box_h > 0;

  if (s == shape::line)
    return raster_line(f, ramp, w, h, out);
  if (s == shape::mirror && box_h > 0)
    return raster_band(f, box_h / 2, ramp, w, h, out);
  if (s == shape::circle && has_area)
    return raster_ellipse(f, box_w / 2, box_h / 2, ramp, w, h, out);
  if (s == shape::rectangle && has_area) {
    const double radius = sane(m.round_corner, 0, 1) * std::min(box_w, box_h) / 2;
    return raster_rounded_rect(f, box_w / 2, box_h / 2, radius, ramp, w, h, out);
  }
  // Flattened to a twentieth of a pixel: at most 13 of 255 on a 1 px anti-aliased edge.
  if (s == shape::heart && has_area)
    return raster_polygon(to_picture(heart_outline(box_w, box_h, 0.05), f), ramp, w, h, out);
  if (s == shape::star && has_area)
    return raster_polygon(to_picture(star_outline(box_w, box_h), f), ramp, w, h, out);
  // No area: nothing of the material is inside the shape.
  std::fill(out, out + static_cast<size_t>(w) * h, ramp(-HUGE_VAL));
}

} // namespace

bool rasterize_mask(const draft::mask_material& m, int width, int height,
                    std::vector<uint8_t>& out) {
  out.clear();
  const shape s = shape_of(m);
  if (s == shape::unknown || width < 1 || height < 1 || width > max_mask_side ||
      height > max_mask_side)
    return false;
  try {
    out.resize(static_cast<size_t>(width) * height);
    draw(s, m, width, height, out.data());
  } catch (const std::bad_alloc&) {
    out.clear();
    return false;
  }
  return true;
}

} // namespace cutqueue::render
