// PNG encoding of rasterised pictures (masks, captions) that are handed straight to FFmpeg.
#pragma once

#include <cstdint>
#include <string>

namespace cutqueue::render {

/// PNG bytes of an 8-bit grayscale picture, `w` × `h`, rows packed top first (`w` bytes each).
/// Fast compression: the file is read once by FFmpeg, not kept. Empty on any error (null
/// pixels, a side below 1, out of memory, a libpng failure).
std::string encode_png_gray(const uint8_t* pixels, int w, int h);

/// PNG bytes of an 8-bit RGBA picture with straight (not premultiplied) alpha, rows packed top
/// first (`4·w` bytes each). Same compression and errors as encode_png_gray.
std::string encode_png_rgba(const uint8_t* pixels, int w, int h);

} // namespace cutqueue::render
