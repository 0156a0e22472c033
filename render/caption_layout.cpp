#include "render/caption_layout.hpp"

#include "common/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace cutqueue::render {

namespace {

/// A decoded character and the bytes it came from, so lines can be cut out of the input as is.
struct unit {
  char32_t cp;
  size_t begin, len;
};

/// Lenient UTF-8 decoding: a malformed byte becomes U+FFFD on its own, so no input is lost or
/// makes the caption fail.
std::vector<unit> decode(const std::string& s) {
  std::vector<unit> out;
  for (size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    size_t len = text::utf8_next(s, i, cp);
    if (len == 0) {
      out.push_back({0xFFFD, i, 1});
      ++i;
    } else {
      out.push_back({cp, i, len});
      i += len;
    }
  }
  return out;
}

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == 0x3000;
}

/// Punctuation that must not start a line (CJK line-breaking rules, kinsoku).
bool is_closing(char32_t c) {
  static const std::u32string closing = U"，。、．！？；：）」』》〉】〕”’…・ー!),.:;?]}%";
  return closing.find(c) != std::u32string::npos;
}

/// Punctuation that must not end a line.
bool is_opening(char32_t c) {
  static const std::u32string opening = U"（「『《〈【〔“‘([{";
  return opening.find(c) != std::u32string::npos;
}

/// Whether a line may end just before `cur`.
bool may_break_between(char32_t prev, char32_t cur) {
  if (is_space(cur))
    return false;
  if (is_space(prev))
    return true;
  return (is_wide_char(prev) || is_wide_char(cur)) && !is_closing(cur) && !is_opening(prev);
}

/// Greedy wrapping of one paragraph (no newlines), characters [first, last), into `out`.
void wrap_paragraph(const std::u32string& c, size_t first, size_t last, double max_width,
                    const indexed_advance_fn& advance, std::vector<line_span>& out) {
  auto span = [&](size_t from, size_t to) {
    while (to > from && is_space(c[to - 1]))
      --to; // spaces at a wrap point are not drawn
    return line_span{from, to};
  };
  size_t start = first;
  if (start == last) {
    out.push_back({start, start}); // an empty line between two newlines keeps its place
    return;
  }
  while (start < last) {
    double width = 0;
    size_t i = start, brk = start;
    for (; i < last; ++i) {
      if (i > start && may_break_between(c[i - 1], c[i]))
        brk = i;
      double a = advance(i, c[i]);
      // Spaces may hang past the limit: they are trimmed when the line breaks after them.
      if (max_width > 0 && i > start && width + a > max_width && !is_space(c[i]))
        break;
      width += a;
    }
    if (i == last) {
      out.push_back(span(start, last));
      return;
    }
    size_t end = brk > start ? brk : i; // no break opportunity: cut the word
    if (std::all_of(c.begin() + start, c.begin() + end, is_space))
      end = i; // only leading spaces before the break: cut the word instead of drawing nothing
    out.push_back(span(start, end));
    start = end;
    while (start < last && is_space(c[start]))
      ++start;
  }
}

} // namespace

std::u32string decode_utf8(const std::string& text) {
  std::u32string out;
  for (const auto& u : decode(text))
    out += u.cp;
  return out;
}

bool is_wide_char(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

double estimated_advance(char32_t c, double font_px) {
  if (is_wide_char(c))
    return font_px;
  if (c == ' ')
    return font_px / 3;
  return font_px * 0.55;
}

std::vector<line_span> wrap_caption_spans(const std::u32string& chars, double max_width,
                                          const indexed_advance_fn& advance) {
  // "\r\n" counts as one newline; newlines at the very end would only push the block up.
  size_t end = chars.size();
  while (end > 0 && (chars[end - 1] == '\n' || chars[end - 1] == '\r'))
    --end;
  std::vector<line_span> lines;
  size_t start = 0;
  for (size_t i = 0; i <= end; ++i) {
    if (i < end && chars[i] != '\n')
      continue;
    size_t stop = i;
    if (stop > start && chars[stop - 1] == '\r')
      --stop;
    wrap_paragraph(chars, start, stop, max_width, advance, lines);
    start = i + 1;
  }
  return lines;
}

std::vector<std::string> wrap_caption(const std::string& text, double max_width,
                                      const advance_fn& advance) {
  auto u = decode(text);
  std::u32string chars;
  for (const auto& x : u)
    chars += x.cp;
  std::vector<std::string> lines;
  for (const line_span& l :
       wrap_caption_spans(chars, max_width, [&](size_t, char32_t c) { return advance(c); }))
    lines.push_back(l.begin == l.end
                        ? std::string{}
                        : text.substr(u[l.begin].begin,
                                      u[l.end - 1].begin + u[l.end - 1].len - u[l.begin].begin));
  return lines;
}

int caption_font_px(double size, int canvas_height) {
  return std::max(4, static_cast<int>(std::lround(size * canvas_height / 180.0)));
}

} // namespace cutqueue::render
