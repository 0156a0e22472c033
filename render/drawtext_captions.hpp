// Captions drawn with FFmpeg's drawtext: one base style per caption, line by line. This is how
// captions were drawn before they became pictures (render/captions.hpp); kept as the fallback
// when no caption picture can be made.
#pragma once

#include "draft/model.hpp"
#include "render/layer_chain.hpp"

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace cutqueue::render {

struct drawtext_fonts {
  std::string regular, bold, italic, bold_italic;
  /// Advance in pixels of `c` in `font` at `font_px`; empty: estimated.
  std::function<double(const std::string& font, char32_t c, int font_px)> glyph_advance;
  /// Whether `font` has a glyph for `c`; empty: assumed not (italic stays upright).
  std::function<bool(const std::string& font, char32_t c)> has_glyph;
};

/// Caption font size in pixels for a Jianying text `size` on a canvas `canvas_height` tall.
int caption_font_px(double size, int canvas_height);

/// Draws the caption of text segment `s` onto the stream `current` during the segment and
/// returns the label of the result ("" when nothing is drawn: `current` stays).
std::string emit_drawtext_caption(std::ostream& g, const std::string& current,
                                  const draft::segment& s, const draft::text_material& t,
                                  const drawtext_fonts& fonts, int canvas_w, int canvas_h,
                                  const std::string& work_dir, std::vector<graph_file>& files,
                                  int& serial, std::vector<draft::unsupported_feature>& notes);

} // namespace cutqueue::render
