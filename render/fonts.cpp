#include "render/fonts.hpp"

#include <unistd.h>

namespace cutqueue::render {

namespace {

bool readable(const std::string& p) {
  return !p.empty() && ::access(p.c_str(), R_OK) == 0;
}

std::string first_readable(std::initializer_list<const char*> candidates) {
  for (const char* c : candidates)
    if (readable(c))
      return c;
  return {};
}

} // namespace

caption_fonts find_caption_fonts(const std::string& configured) {
  caption_fonts f;
  if (readable(configured)) {
    f.regular = configured;
    return f;
  }
  f.regular = first_readable({"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                              "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
                              "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
                              "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
                              "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"});
  f.bold = first_readable({"/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
                           "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"});
  f.italic = first_readable({"/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf"});
  f.bold_italic = first_readable({"/usr/share/fonts/truetype/dejavu/DejaVuSans-BoldOblique.ttf"});
  return f;
}

} // namespace cutqueue::render
