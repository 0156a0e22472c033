// Which style of a Jianying text material draws each character: `styles[].range` resolved the
// way CapCut/Jianying read it.
#pragma once

#include "draft/model.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace cutqueue::render {

/// UTF-16 length of a character: 2 outside the Basic Multilingual Plane (emoji, rare CJK), else 1.
size_t utf16_units(char32_t c);

/// The index into `styles` that draws each character of `chars`.
///
/// CapCut/Jianying read `range: [begin, end)` in UTF-16 code units and clamp a range that runs
/// past the end of the text, so capcut-mate's base range in UTF-16 *bytes* (`[0, 2n]`) covers the
/// whole text and its keyword ranges in character indices are exact for BMP text. Later entries
/// win where ranges overlap; characters no entry covers take the first style (index 0). A
/// character belongs to a range when its first code unit does, so a boundary that splits a
/// surrogate pair moves to the end of that character (the pair is never drawn in two styles).
/// Every index is 0 when `styles` is empty.
std::vector<size_t> style_per_char(const std::u32string& chars,
                                   const std::vector<draft::text_style>& styles);

/// A maximal run of characters drawn in one style: [begin, end) into the character string.
struct style_run {
  size_t begin = 0, end = 0;
  size_t style = 0;
};

/// `per_char` (as from style_per_char) collapsed into runs, in text order.
std::vector<style_run> style_runs(const std::vector<size_t>& per_char);

} // namespace cutqueue::render
