// FreeType faces behind caption_font_cache, and the choice of a face for each character of a
// caption. Internal to the caption rasteriser: it exposes FreeType and HarfBuzz types.
#pragma once

#include "draft/model.hpp"
#include "render/caption_fonts.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace cutqueue::render {

/// One opened face of a font file.
struct caption_face {
  std::string file;
  FT_Face ft = nullptr;
  hb_font_t* hb = nullptr;
  bool is_bold = false, is_italic = false; ///< the face's own style (no synthesis needed)
  double ascender = 0.8, descender = -0.2; ///< in ems, descender negative
  double size_x = 0, size_y = 0;           ///< pixel size last set, to skip redundant sets

  bool has_glyph(char32_t c) const { return FT_Get_Char_Index(ft, c) != 0; }
  /// Sets the pixel size for both shaping and rendering (x and y differ for a stretched clip).
  void set_size(double px_x, double px_y);
};

struct caption_font_cache::impl {
  FT_Library ft = nullptr;
  std::map<std::string, std::unique_ptr<caption_face>> faces; ///< null: unreadable file

  impl();
  ~impl();
  /// The face of `file`, opened on first use; nullptr when FreeType cannot read it. In a
  /// collection (.ttc) the Simplified Chinese face is preferred: Jianying is a Chinese editor, and
  /// Noto Sans CJK's first face is the Japanese one, whose glyph forms differ.
  caption_face* face(const std::string& file);
};

/// The faces a style may draw with, best first: the font by Jianying id (when the operator
/// supplies one), the slanted face for italic, the bold face for bold, the regular face, the
/// fallbacks. Files that cannot be opened are left out.
struct face_candidates {
  std::vector<caption_face*> faces;
  bool want_bold = false, want_italic = false;
  bool font_id_missing = false; ///< the style names a Jianying font nobody supplied a file for
};

face_candidates candidates_for(const draft::text_style& style, const caption_fonts_for& fonts,
                               caption_font_cache::impl& cache);

/// The face that draws a character, and what has to be synthesised because the face lacks it.
struct face_choice {
  caption_face* face = nullptr; ///< null only when no candidate could be opened at all
  bool synthetic_bold = false, synthetic_italic = false;
  bool missing = false; ///< no candidate has the character: `face` is the first one
};

/// The first candidate with a glyph for `c`. Bold and italic the winner's own style lacks are
/// synthesised (emboldened, sheared outline), so italic Chinese leans too.
face_choice choose_face(char32_t c, const face_candidates& candidates);

/// Characters that draw nothing and must not start a run of their own (variation selectors,
/// joiners, BOM): they stay with the face of the character before them.
bool is_default_ignorable(char32_t c);

} // namespace cutqueue::render
