#include "render/png_reader.hpp"

#include <cstring>
#include <png.h>

namespace cutqueue::render {

rgba_picture read_png_rgba(const std::string& path, std::string& error, int64_t max_pixels) {
  rgba_picture out;
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, path.c_str())) {
    error = image.message[0] ? image.message : "not a PNG file";
    return out;
  }
  // Checked before allocating: a 100k x 100k header would otherwise ask for 40 GB.
  if (static_cast<int64_t>(image.width) * image.height > max_pixels) {
    error = "picture of " + std::to_string(image.width) + "x" + std::to_string(image.height) +
            " is too large";
    png_image_free(&image);
    return out;
  }
  image.format = PNG_FORMAT_RGBA;
  std::vector<uint8_t> pixels(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) {
    error = image.message[0] ? image.message : "corrupt PNG data";
    png_image_free(&image);
    return out;
  }
  out.width = static_cast<int>(image.width);
  out.height = static_cast<int>(image.height);
  out.rgba = std::move(pixels);
  return out;
}

} // namespace cutqueue::render
