// Shared pieces of the mask rasteriser: where the mask sits on the picture and how a signed
// distance to its edge becomes coverage. Internal to render/mask_*.cpp.
#pragma once

#include <cstdint>

namespace cutqueue::render::mask_detail {

/// The mask's own frame on the picture: its centre in pixels (x right, y down) and its
/// clockwise rotation. Local coordinates are the picture's, unrotated about the centre, so
/// shapes are described axis-aligned.
struct mask_frame {
  double cx = 0, cy = 0;
  double cos = 1, sin = 0;

  /// Picture point -> local point (the inverse of the clockwise rotation on a y-down picture).
  void to_local(double x, double y, double& lx, double& ly) const {
    double dx = x - cx, dy = y - cy;
    lx = cos * dx + sin * dy;
    ly = -sin * dx + cos * dy;
  }

  /// Local point -> picture point.
  void to_picture(double lx, double ly, double& x, double& y) const {
    x = cx + cos * lx - sin * ly;
    y = cy + sin * lx + cos * ly;
  }
};

/// A linear ramp `width` px wide centred on the edge: the edge itself is 50%. Inverting is the
/// same ramp seen from the other side, so it only flips the sign of the slope.
class coverage_ramp {
public:
  coverage_ramp(double width, bool invert)
      : half_width_(width / 2), slope_((invert ? -1.0 : 1.0) / width) {}

  /// Distance from the edge beyond which every pixel is fully shown or hidden.
  double half_width() const { return half_width_; }

  /// `d`: signed distance in px from the pixel centre to the edge, positive inside the shape.
  uint8_t operator()(double d) const {
    double v = 0.5 + d * slope_;
    // Written so that NaN lands on 0 rather than in an undefined float-to-int conversion.
    v = v > 0 ? (v < 1 ? v : 1) : 0;
    return static_cast<uint8_t>(v * 255 + 0.5);
  }

private:
  double half_width_;
  double slope_;
};

} // namespace cutqueue::render::mask_detail
