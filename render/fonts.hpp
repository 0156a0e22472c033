// Picks the caption fonts: the configured file, else a CJK-capable font from Debian's packages.
#pragma once

#include <string>

namespace cutqueue::render {

struct caption_fonts {
  std::string regular; ///< empty: no usable font found (captions are then skipped, logged)
  std::string bold;    ///< empty: draw bold with `regular`
  /// Slanted fonts for italic styles. No Debian CJK font has an italic face, so these cover
  /// Latin, Greek and Cyrillic only (DejaVu Sans Oblique, fonts-dejavu-extra); empty: none.
  std::string italic, bold_italic;
};

/// `configured` wins when it names an existing file (it is then the only font); otherwise Noto
/// Sans CJK (fonts-noto-cjk), then other common CJK/Latin fonts, plus the DejaVu oblique faces.
caption_fonts find_caption_fonts(const std::string& configured);

} // namespace cutqueue::render
