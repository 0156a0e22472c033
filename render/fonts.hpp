// Picks the caption fonts: the configured file, else a CJK-capable font from Debian's packages.
#pragma once

#include <string>

namespace cutqueue::render {

struct caption_fonts {
  std::string regular; ///< empty: no usable font found (captions are then skipped, logged)
  std::string bold;    ///< empty: draw bold with `regular`
};

/// `configured` wins when it names an existing file; otherwise Noto Sans CJK (fonts-noto-cjk),
/// then other common CJK/Latin fonts.
caption_fonts find_caption_fonts(const std::string& configured);

} // namespace cutqueue::render
