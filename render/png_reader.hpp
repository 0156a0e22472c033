// PNG decoding of operator-supplied pictures (text effect textures).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cutqueue::render {

struct rgba_picture {
  int width = 0, height = 0;
  std::vector<uint8_t> rgba; ///< straight alpha, rows top first
  bool empty() const { return width <= 0 || height <= 0; }
};

/// Decodes a PNG file of at most `max_pixels` pixels to 8-bit RGBA; on failure an empty
/// picture and `error` says why.
rgba_picture read_png_rgba(const std::string& path, std::string& error,
                           int64_t max_pixels = int64_t{64} << 20);

} // namespace cutqueue::render
