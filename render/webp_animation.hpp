// Animated WebP stickers, which FFmpeg 5.1 cannot decode: libwebp decodes them into raw RGBA
// frames at the canvas frame rate, a file FFmpeg reads (and loops) as rawvideo.
#pragma once

#include "render/inputs.hpp"

#include <string>

namespace cutqueue::render {

/// Whether `path` is an animated WebP file (its extended header has the animation flag).
bool is_animated_webp(const std::string& path);

/// Decodes one loop of the animation at `fps` into `raw_path` (RGBA frames, straight alpha) and
/// describes it in `out` (size, alpha, duration and the rawvideo input options). At most
/// `max_bytes` are written. False with `error` when the file cannot be decoded.
bool webp_to_rawvideo(const std::string& path, double fps, const std::string& raw_path,
                      material_source& out, std::string& error,
                      size_t max_bytes = size_t{512} << 20);

} // namespace cutqueue::render
