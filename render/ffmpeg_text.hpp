// Text that goes into FFmpeg filter graphs: escaping and colours.
#pragma once

#include <string>

namespace cutqueue::render {

/// Escapes a string for use as an option value inside a filtergraph description (both levels
/// of FFmpeg's escaping: option value, then filtergraph).
std::string escape_filter_value(const std::string& s);

/// "0xRRGGBB" from channels in 0..1.
std::string hex_colour(double r, double g, double b);

} // namespace cutqueue::render
