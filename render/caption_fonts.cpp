#include "render/caption_fonts.hpp"

#include "render/caption_faces.hpp"
#include "render/fonts.hpp"

#include <unistd.h>

namespace cutqueue::render {

caption_fonts_for default_caption_fonts() {
  const caption_fonts found = find_caption_fonts("");
  caption_fonts_for f;
  f.regular = found.regular;
  f.bold = found.bold;
  f.italic = found.italic;
  f.bold_italic = found.bold_italic;
  for (const char* p : {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"})
    if (::access(p, R_OK) == 0 && p != f.regular)
      f.fallbacks.push_back(p);
  return f;
}

caption_font_cache::caption_font_cache() : impl_(std::make_unique<impl>()) {}
caption_font_cache::~caption_font_cache() = default;

} // namespace cutqueue::render
