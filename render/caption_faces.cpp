#include "render/caption_faces.hpp"

#include <algorithm>
#include <hb-ft.h>

namespace cutqueue::render {

caption_font_cache::impl::impl() {
  if (FT_Init_FreeType(&ft) != 0)
    ft = nullptr;
}

caption_font_cache::impl::~impl() {
  for (auto& [file, f] : faces)
    if (f) {
      hb_font_destroy(f->hb); // holds a reference to the FT_Face, released here
      FT_Done_Face(f->ft);
    }
  faces.clear();
  if (ft)
    FT_Done_FreeType(ft);
}

void caption_face::set_size(double px_x, double px_y) {
  if (px_x == size_x && px_y == size_y)
    return;
  // 26.6 character size at 72 dpi is pixels: fractional sizes keep scaled captions exact.
  FT_Set_Char_Size(ft, static_cast<FT_F26Dot6>(px_x * 64 + 0.5),
                   static_cast<FT_F26Dot6>(px_y * 64 + 0.5), 72, 72);
  hb_ft_font_changed(hb);
  size_x = px_x;
  size_y = px_y;
}

namespace {

/// The index of the face to use in `file`: the Simplified Chinese one of a CJK collection.
FT_Long preferred_face_index(FT_Library ft, const std::string& file) {
  FT_Face probe = nullptr;
  if (FT_New_Face(ft, file.c_str(), -1, &probe) != 0)
    return 0;
  const FT_Long n = probe->num_faces;
  FT_Done_Face(probe);
  for (FT_Long i = 1; i < n; ++i) {
    FT_Face f = nullptr;
    if (FT_New_Face(ft, file.c_str(), i, &f) != 0)
      continue;
    const std::string family = f->family_name ? f->family_name : "";
    FT_Done_Face(f);
    if (family.size() > 3 && family.compare(family.size() - 3, 3, " SC") == 0)
      return i;
  }
  return 0;
}

} // namespace

caption_face* caption_font_cache::impl::face(const std::string& file) {
  if (file.empty() || !ft)
    return nullptr;
  if (auto it = faces.find(file); it != faces.end())
    return it->second.get();
  std::unique_ptr<caption_face> f;
  FT_Face face = nullptr;
  if (FT_New_Face(ft, file.c_str(), preferred_face_index(ft, file), &face) == 0) {
    if (FT_IS_SCALABLE(face)) {
      f = std::make_unique<caption_face>();
      f->file = file;
      f->ft = face;
      f->hb = hb_ft_font_create_referenced(face);
      // Unhinted outlines: captions are scaled and positioned at fractions of a pixel.
      hb_ft_font_set_load_flags(f->hb, FT_LOAD_NO_HINTING);
      f->is_bold = face->style_flags & FT_STYLE_FLAG_BOLD;
      f->is_italic = face->style_flags & FT_STYLE_FLAG_ITALIC;
      const double em = face->units_per_EM;
      f->ascender = face->ascender / em;
      f->descender = face->descender / em;
      f->set_size(16, 16);
    } else {
      FT_Done_Face(face); // a bitmap-only font cannot be scaled, stroked or sheared
    }
  }
  return (faces[file] = std::move(f)).get();
}

face_candidates candidates_for(const draft::text_style& style, const caption_fonts_for& fonts,
                               caption_font_cache::impl& cache) {
  face_candidates c;
  c.want_bold = style.bold;
  c.want_italic = style.italic;
  auto add = [&](const std::string& file) {
    caption_face* f = cache.face(file);
    if (f && std::find(c.faces.begin(), c.faces.end(), f) == c.faces.end())
      c.faces.push_back(f);
  };
  if (!style.font_id.empty()) {
    const std::string file = fonts.by_font_id ? fonts.by_font_id(style.font_id) : std::string{};
    c.font_id_missing = file.empty() || !cache.face(file);
    add(file);
  }
  if (style.italic)
    add(style.bold && !fonts.bold_italic.empty() ? fonts.bold_italic : fonts.italic);
  if (style.bold)
    add(fonts.bold);
  add(fonts.regular);
  for (const auto& f : fonts.fallbacks)
    add(f);
  return c;
}

face_choice choose_face(char32_t c, const face_candidates& candidates) {
  face_choice out;
  for (caption_face* f : candidates.faces)
    if (f->has_glyph(c)) {
      out.face = f;
      break;
    }
  if (!out.face) {
    out.missing = true;
    out.face = candidates.faces.empty() ? nullptr : candidates.faces.front();
  }
  if (out.face) {
    out.synthetic_bold = candidates.want_bold && !out.face->is_bold;
    out.synthetic_italic = candidates.want_italic && !out.face->is_italic;
  }
  return out;
}

bool is_default_ignorable(char32_t c) {
  return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF) ||
         (c >= 0x200B && c <= 0x200F) || (c >= 0x2060 && c <= 0x206F) || c == 0xFEFF || c == 0x00AD;
}

} // namespace cutqueue::render
