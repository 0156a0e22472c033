#include "render/png_writer.hpp"

#include <new>
#include <png.h>

namespace cutqueue::render {

namespace {

/// libpng's simplified API keeps its setjmp/longjmp inside libpng, so no jump ever crosses
/// our frames (and the std::string below).
std::string encode(const uint8_t* pixels, int w, int h, png_uint_32 format) {
  // libpng refuses larger sides anyway, and the size bound below must not overflow.
  if (pixels == nullptr || w < 1 || h < 1 || w > PNG_USER_WIDTH_MAX || h > PNG_USER_HEIGHT_MAX)
    return {};
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(w);
  image.height = static_cast<png_uint_32>(h);
  image.format = format;
  // No row filters and zlib level 3: the file is decoded once, right away.
  image.flags = PNG_IMAGE_FLAG_FAST;
  try {
    // Written once into a worst-case buffer rather than sized by a first, throwaway encode.
    png_alloc_size_t size = PNG_IMAGE_PNG_SIZE_MAX(image);
    std::string out(size, '\0');
    // On failure libpng has already released its state (png_image_free is automatic).
    if (!png_image_write_to_memory(&image, out.data(), &size, 0, pixels, 0, nullptr))
      return {};
    // A plan keeps every caption's picture until the export ends: returning the worst-case
    // buffer (the raw size, ~0.5 MB a caption) made an hour of captions cost 600 MB.
    return std::string(out.data(), size);
  } catch (const std::bad_alloc&) {
    return {};
  }
}

} // namespace

std::string encode_png_gray(const uint8_t* pixels, int w, int h) {
  return encode(pixels, w, h, PNG_FORMAT_GRAY);
}

std::string encode_png_rgba(const uint8_t* pixels, int w, int h) {
  return encode(pixels, w, h, PNG_FORMAT_RGBA);
}

} // namespace cutqueue::render
