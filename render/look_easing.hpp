// Easing curves of the in and out animations. Each maps progress 0..1 to 0..1 exactly at the
// ends (overshoot and bounce leave [0, 1] in between).
#pragma once

#include "render/animation_catalog.hpp"

namespace cutqueue::render {

/// For an in animation: fast start, gentle landing. ease_out(e, 0) = 0, ease_out(e, 1) = 1.
double ease_out(easing e, double p);

/// For an out animation: gentle start, fast end; the mirror image 1 - ease_out(e, 1 - p).
double ease_in(easing e, double p);

} // namespace cutqueue::render
