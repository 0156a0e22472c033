#include "render/font_metrics.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H

namespace cutqueue::render {

struct font_metrics::library {
  FT_Library ft = nullptr;
  ~library() {
    if (ft)
      FT_Done_FreeType(ft);
  }
};

font_metrics::font_metrics(const std::string& font_file) : lib_(std::make_unique<library>()) {
  if (FT_Init_FreeType(&lib_->ft) != 0) {
    lib_->ft = nullptr;
    return;
  }
  FT_Face face = nullptr;
  if (FT_New_Face(lib_->ft, font_file.c_str(), 0, &face) == 0)
    face_ = face;
}

font_metrics::~font_metrics() {
  if (face_)
    FT_Done_Face(static_cast<FT_Face>(face_));
}

bool font_metrics::has_glyph(char32_t c) const {
  return face_ && FT_Get_Char_Index(static_cast<FT_Face>(face_), c) != 0;
}

double font_metrics::advance(char32_t c, int font_px) {
  if (!face_ || font_px <= 0)
    return 0;
  auto key = std::make_pair(c, font_px);
  if (auto it = cache_.find(key); it != cache_.end())
    return it->second;
  auto face = static_cast<FT_Face>(face_);
  if (size_px_ != font_px) {
    FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(font_px));
    size_px_ = font_px;
  }
  double a = 0;
  // drawtext loads with FT_LOAD_DEFAULT and advances by the rounded-down 26.6 value.
  if (FT_Load_Char(face, c, FT_LOAD_DEFAULT) == 0)
    a = static_cast<double>(face->glyph->advance.x >> 6);
  cache_[key] = a;
  return a;
}

} // namespace cutqueue::render
