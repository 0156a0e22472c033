// Line breaking and placement of a caption. FFmpeg 5.1's drawtext neither wraps nor aligns the
// lines of a text (no text_align option), so the graph draws one drawtext per line at the
// position computed here. Pure functions, unit-tested without FFmpeg.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace cutqueue::render {

/// Caption font size in pixels for a Jianying text `size` on a canvas `canvas_height` tall:
/// Jianying's size 15 subtitle is about a twelfth of the canvas height, linear in size.
int caption_font_px(double size, int canvas_height);

/// Advance width in pixels of one character at the caption's font size.
using advance_fn = std::function<double(char32_t)>;

/// The characters of UTF-8 `text`; a malformed byte becomes U+FFFD.
std::u32string decode_utf8(const std::string& text);

/// Ideographs, kana, hangul and full-width forms: about one em wide, and a line may break on
/// either side of them (CJK text has no spaces).
bool is_wide_char(char32_t c);

/// An advance for Noto Sans CJK-like fonts when the font is not measured: wide characters one
/// em, spaces a third, everything else a bit over half an em.
double estimated_advance(char32_t c, double font_px);

/// Width in pixels of a single line.
double line_width(const std::string& line, const advance_fn& advance);

/// A line of a caption as character indices [begin, end) into decode_utf8(text); spaces at a
/// wrap point are outside it.
struct line_span {
  size_t begin = 0, end = 0;
};

/// Advance in pixels of the character at `index` of the decoded text, for callers whose advance
/// depends on more than the character (per-character styles, letter spacing).
using indexed_advance_fn = std::function<double(size_t index, char32_t c)>;

/// wrap_caption on decoded characters, with the lines as index spans: the same break rules, for
/// callers that need to know which characters (and so which styles) each line holds.
std::vector<line_span> wrap_caption_spans(const std::u32string& chars, double max_width,
                                          const indexed_advance_fn& advance);

/// Splits UTF-8 `text` into lines: every "\n" ends a line, and a line wider than `max_width`
/// pixels (no limit when <= 0) breaks after a space, before or after a CJK character (never
/// before closing punctuation such as "，" or "。"), or inside a word longer than a line.
/// Spaces at a wrap point are dropped; the bytes of every line are taken from `text` unchanged.
std::vector<std::string> wrap_caption(const std::string& text, double max_width,
                                      const advance_fn& advance);

/// Where a caption's block sits and how its lines are spaced.
struct caption_box {
  double centre_x = 0, centre_y = 0; ///< canvas pixels
  double font_px = 0;
  double line_advance = 0; ///< pixels from one line's top to the next
  int alignment = 1;       ///< 0 left, 1 centre, 2 right
};

/// One line placed on the canvas. drawtext measures the line it draws (text_w, text_h), so the
/// position is an anchor minus a fraction of that measure: x = x_anchor - x_of_width * text_w.
struct caption_line {
  std::string text;
  double x_anchor = 0, x_of_width = 0;  ///< 0: left edge, 0.5: centre, 1: right edge at anchor
  double y_anchor = 0, y_of_height = 0; ///< 0: top at anchor, 0.5: centred on anchor
  /// y_anchor is the line's baseline instead. drawtext's box starts at the tallest glyph of
  /// the text it draws, so lines of a block (one drawtext each) share baselines only this way.
  bool y_is_baseline = false;
};

/// Places `lines` as a block centred on the box. One line is centred on its own measured size,
/// as Jianying does whatever the alignment; several lines are aligned inside a block as wide as
/// the widest line (measured with `advance`).
std::vector<caption_line> place_caption(const std::vector<std::string>& lines,
                                        const caption_box& box, const advance_fn& advance);

} // namespace cutqueue::render
