// Line breaking of a caption (spaces, CJK, kinsoku) and its font size in pixels. Pure
// functions, unit-tested without FFmpeg; render/text_raster.cpp lays captions out with them.
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

} // namespace cutqueue::render
