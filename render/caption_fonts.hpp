// The fonts a rasterised caption may draw with, and the cache of opened faces that keeps
// FreeType and HarfBuzz state across captions.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cutqueue::render {

/// Font files for rasterised captions. A character is drawn with the first of these that has a
/// glyph for it (see caption_faces.hpp for the order).
struct caption_fonts_for {
  std::string regular;                ///< upright, CJK-capable (Noto Sans CJK on Debian)
  std::string bold;                   ///< empty: bold is synthesised from `regular`
  std::string italic, bold_italic;    ///< slanted faces (Latin only on Debian); empty: sheared
  std::vector<std::string> fallbacks; ///< tried last, for characters the above lack
  /// A file for a Jianying font resource id (`styles[].font.id`), or "" when the operator has
  /// none: the caption then falls back to the files above and says so in its notes.
  std::function<std::string(const std::string& font_id)> by_font_id;
  /// A PNG texture for a 花字 resource id (`styles[].effectStyle.id`), or "" when none.
  std::function<std::string(const std::string& effect_id)> text_effect_texture;
};

/// Debian's caption fonts (find_caption_fonts("")), with DejaVu Sans as a fallback for Latin,
/// Greek and Cyrillic characters that the CJK font lacks.
caption_fonts_for default_caption_fonts();

/// Opened FreeType faces and their HarfBuzz fonts, by file, kept across captions so a caption
/// does not reopen (and reparse) a 20 MB CJK collection. Not thread-safe: one per thread.
class caption_font_cache {
public:
  caption_font_cache();
  ~caption_font_cache();
  caption_font_cache(const caption_font_cache&) = delete;
  caption_font_cache& operator=(const caption_font_cache&) = delete;

  struct impl; ///< FreeType/HarfBuzz state, defined in caption_faces.hpp
  impl& state() { return *impl_; }

private:
  std::unique_ptr<impl> impl_;
};

} // namespace cutqueue::render
