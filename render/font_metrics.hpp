// Glyph advances of a caption font, read with FreeType the way FFmpeg's drawtext lays text out,
// so that wrapping and the width of a caption block match the pixels drawtext draws.
#pragma once

#include <map>
#include <memory>
#include <string>

namespace cutqueue::render {

class font_metrics {
public:
  /// Opens the first face of `font_file` (a .ttf, or the first font of a .ttc collection).
  explicit font_metrics(const std::string& font_file);
  ~font_metrics();
  font_metrics(const font_metrics&) = delete;
  font_metrics& operator=(const font_metrics&) = delete;

  /// False when FreeType cannot read the file; advance() then returns 0.
  bool ok() const { return face_ != nullptr; }

  /// Horizontal advance in whole pixels of `c` at `font_px`, as drawtext uses it (a missing
  /// glyph advances like the font's .notdef box, which drawtext draws too).
  double advance(char32_t c, int font_px);

  /// Whether the face has a glyph of its own for `c` (drawtext would draw .notdef boxes
  /// otherwise). False when FreeType cannot read the file.
  bool has_glyph(char32_t c) const;

private:
  struct library;
  std::unique_ptr<library> lib_;
  void* face_ = nullptr; ///< FT_Face, kept opaque so FreeType's headers stay out of this one
  int size_px_ = 0;
  std::map<std::pair<char32_t, int>, double> cache_;
};

} // namespace cutqueue::render
