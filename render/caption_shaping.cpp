#include "render/caption_shaping.hpp"

#include "render/caption_layout.hpp"

#include <algorithm>
#include <cmath>

namespace cutqueue::render {

namespace {

/// What HarfBuzz sees of a character: a tab is a space, other controls draw nothing.
char32_t shapeable(char32_t c) {
  if (c == '\t')
    return ' ';
  if (c < 0x20 || (c >= 0x7F && c < 0xA0))
    return 0x200B;
  return c;
}

/// A glyph out of HarfBuzz: `cluster` is the index of its first character in the caption.
struct shaped_glyph {
  unsigned id = 0;
  size_t cluster = 0;
  double advance = 0, dx = 0, dy = 0; ///< pixels; dy +up as HarfBuzz gives it
};

/// Everything the layout needs per character, decided once.
struct char_info {
  face_choice face;
  run_size size;
  size_t style = 0;
};

class shaper {
public:
  explicit shaper(const std::u32string& text) : buf_(hb_buffer_create()) {
    text_.reserve(text.size());
    for (char32_t c : text)
      text_ += shapeable(c);
  }
  ~shaper() { hb_buffer_destroy(buf_); }
  shaper(const shaper&) = delete;
  shaper& operator=(const shaper&) = delete;

  /// Shapes characters [begin, end), with [ctx_begin, ctx_end) as context (the whole line, so
  /// joining scripts connect across style changes). Returns false when HarfBuzz gave nothing;
  /// `out` then holds each character's own glyph at its plain advance.
  bool shape(size_t ctx_begin, size_t ctx_end, size_t begin, size_t end, const char_info& info,
             const std::vector<hb_feature_t>& features, std::vector<shaped_glyph>& out) {
    out.clear();
    caption_face* f = info.face.face;
    f->set_size(info.size.px_x, info.size.px_y);
    hb_buffer_clear_contents(buf_);
    hb_buffer_add_utf32(buf_, reinterpret_cast<const uint32_t*>(text_.data()) + ctx_begin,
                        static_cast<int>(ctx_end - ctx_begin),
                        static_cast<unsigned>(begin - ctx_begin), static_cast<int>(end - begin));
    // Chinese forms from a pan-CJK font: Jianying is a Chinese editor.
    hb_buffer_set_language(buf_, hb_language_from_string("zh-Hans", -1));
    hb_buffer_guess_segment_properties(buf_);
    hb_shape(f->hb, buf_, features.data(), static_cast<unsigned>(features.size()));
    unsigned n = 0;
    const hb_glyph_info_t* gi = hb_buffer_get_glyph_infos(buf_, &n);
    const hb_glyph_position_t* gp = hb_buffer_get_glyph_positions(buf_, nullptr);
    if (n > 0 && gi && gp && hb_buffer_allocation_successful(buf_)) {
      for (unsigned k = 0; k < n; ++k)
        out.push_back({gi[k].codepoint, ctx_begin + gi[k].cluster, gp[k].x_advance / 64.0,
                       gp[k].x_offset / 64.0, gp[k].y_offset / 64.0});
      return true;
    }
    for (size_t i = begin; i < end; ++i) {
      hb_codepoint_t g = 0;
      hb_font_get_nominal_glyph(f->hb, text_[i], &g);
      out.push_back({g, i, hb_font_get_glyph_h_advance(f->hb, g) / 64.0, 0, 0});
    }
    return false;
  }

  /// Plain advance of one character, for wrapping.
  double advance(size_t i, const char_info& info) {
    caption_face* f = info.face.face;
    f->set_size(info.size.px_x, info.size.px_y);
    hb_codepoint_t g = 0;
    hb_font_get_nominal_glyph(f->hb, text_[i], &g);
    return hb_font_get_glyph_h_advance(f->hb, g) / 64.0;
  }

private:
  std::u32string text_;
  hb_buffer_t* buf_;
};

/// A run of characters drawn with one face at one size in one style.
struct run {
  size_t begin, end;
};

/// Splits [begin, end) wherever the style, face or synthesis changes.
std::vector<run> runs_of(const std::vector<char_info>& info, size_t begin, size_t end) {
  std::vector<run> out;
  for (size_t i = begin; i < end; ++i) {
    const char_info& a = info[i];
    if (!out.empty()) {
      const char_info& b = info[out.back().begin];
      if (a.style == b.style && a.face.face == b.face.face &&
          a.face.synthetic_bold == b.face.synthetic_bold &&
          a.face.synthetic_italic == b.face.synthetic_italic) {
        out.back().end = i + 1;
        continue;
      }
    }
    out.push_back({i, i + 1});
  }
  return out;
}

/// Adds a bar, merged with the previous one when it continues it (no seam between runs).
void add_bar(std::vector<placed_bar>& bars, placed_bar b) {
  if (!bars.empty()) {
    placed_bar& p = bars.back();
    if (p.style == b.style && std::fabs(p.y0 - b.y0) < 1e-6 && std::fabs(p.x1 - b.x0) < 1e-6 &&
        std::fabs(p.y1 - b.y1) < 1e-6) {
      p.x1 = b.x1;
      return;
    }
    if (p.style == b.style && std::fabs(p.x0 - b.x0) < 1e-6 && std::fabs(p.y1 - b.y0) < 1e-6 &&
        std::fabs(p.x1 - b.x1) < 1e-6) {
      p.y1 = b.y1;
      return;
    }
  }
  bars.push_back(b);
}

class layout {
public:
  layout(const std::u32string& chars, std::vector<char_info> info,
         const std::vector<bool>& underline, const block_rules& rules)
      : chars_(chars), info_(std::move(info)), underline_(underline), rules_(rules),
        shaper_(chars) {
    features_.push_back(feature(rules.letter_spacing != 0 ? "-liga" : "+liga"));
    if (rules.letter_spacing != 0) // tracked text breaks ligatures apart, as browsers do
      features_.push_back(feature("-clig"));
    if (rules.vertical) { // vertical forms of punctuation and brackets
      features_.push_back(feature("+vert"));
      features_.push_back(feature("+vrt2"));
    }
  }

  caption_block run() {
    const auto spans = wrap_caption_spans(chars_, 0, [&](size_t i, char32_t) { return step(i); });
    std::vector<line_span> lines = spans;
    if (rules_.wrap_at > 0 && rules_.wrap_if_over > 0)
      for (const auto& s : spans)
        if (extent(s) > rules_.wrap_if_over) {
          lines = wrap_caption_spans(chars_, rules_.wrap_at,
                                     [&](size_t i, char32_t) { return step(i); });
          break;
        }
    if (rules_.vertical)
      columns(lines);
    else
      rows(lines);
    return std::move(out_);
  }

private:
  static hb_feature_t feature(const char* s) {
    hb_feature_t f{};
    hb_feature_from_string(s, -1, &f);
    return f;
  }

  double spacing(size_t i) const {
    return rules_.letter_spacing * (rules_.vertical ? info_[i].size.px_y : info_[i].size.px_x);
  }

  /// How far character i moves the pen along the line (column), spacing after it included.
  double step(size_t i) {
    if (rules_.vertical)
      return info_[i].size.px_y + spacing(i);
    if (!info_[i].face.face)
      return 0;
    double a = shaper_.advance(i, info_[i]);
    if (info_[i].face.synthetic_bold)
      a += synthetic_bold_em * info_[i].size.px_x;
    return a + spacing(i);
  }

  double extent(const line_span& s) {
    double w = 0;
    for (size_t i = s.begin; i < s.end; ++i)
      w += step(i);
    return s.end > s.begin ? w - spacing(s.end - 1) : 0;
  }

  /// The largest character of a line in the direction across it; an empty line takes the size
  /// of the character it stands for (or the base style).
  double line_size(const line_span& s, bool across_x) const {
    auto px = [&](size_t i) { return across_x ? info_[i].size.px_x : info_[i].size.px_y; };
    if (s.begin == s.end) {
      size_t at = std::min(s.begin, chars_.size() - 1);
      return chars_.empty() ? 0 : px(at);
    }
    double p = 0;
    for (size_t i = s.begin; i < s.end; ++i)
      p = std::max(p, px(i));
    return p;
  }

  /// Shapes one line: every glyph with its pen position relative to the line's start.
  struct shaped_line {
    /// Each glyph with the first character of its run, whose char_info the run shares.
    std::vector<std::pair<shaped_glyph, size_t>> glyphs;
    std::vector<double> pen; ///< pen position of each glyph
    double length = 0;
  };

  shaped_line shape_horizontal(const line_span& s) {
    shaped_line l;
    const auto rs = runs_of(info_, s.begin, s.end);
    std::vector<shaped_glyph> g;
    double pen = 0;
    for (size_t r = 0; r < rs.size(); ++r) {
      const char_info& ci = info_[rs[r].begin];
      if (!ci.face.face)
        continue;
      if (!shaper_.shape(s.begin, s.end, rs[r].begin, rs[r].end, ci, features_, g))
        out_.shaping_failed = true;
      for (size_t k = 0; k < g.size(); ++k) {
        l.glyphs.push_back({g[k], rs[r].begin});
        l.pen.push_back(pen);
        pen += g[k].advance;
        if (ci.face.synthetic_bold)
          pen += synthetic_bold_em * ci.size.px_x;
        const bool cluster_ends = k + 1 == g.size() || g[k + 1].cluster != g[k].cluster;
        const bool line_ends = r + 1 == rs.size() && k + 1 == g.size();
        if (cluster_ends && !line_ends)
          pen += spacing(g[k].cluster);
      }
    }
    l.length = pen;
    return l;
  }

  void place(const shaped_glyph& g, const char_info& ci, double x, double y) {
    if (g.id == 0 || ci.face.missing)
      return; // .notdef: a gap rather than a box (reported as missing)
    placed_glyph p;
    p.face = ci.face.face;
    p.glyph_id = g.id;
    p.x = x + g.dx;
    p.y = y - g.dy;
    p.size = ci.size;
    p.style = ci.style;
    p.synthetic_bold = ci.face.synthetic_bold;
    p.synthetic_italic = ci.face.synthetic_italic;
    if (p.synthetic_bold) // the outline grows to both sides: keep its left bearing
      p.x += synthetic_bold_em * ci.size.px_x / 2;
    out_.glyphs.push_back(p);
  }

  void rows(const std::vector<line_span>& lines) {
    std::vector<shaped_line> shaped;
    double width = 0;
    for (const auto& s : lines) {
      shaped.push_back(shape_horizontal(s));
      width = std::max(width, shaped.back().length);
    }
    double top = 0, height = 0;
    for (size_t li = 0; li < lines.size(); ++li) {
      const double p = line_size(lines[li], false);
      const double baseline = top + line_ascent_em * p;
      const shaped_line& l = shaped[li];
      double left = 0;
      if (rules_.alignment == 1)
        left = (width - l.length) / 2;
      else if (rules_.alignment == 2)
        left = width - l.length;
      for (size_t k = 0; k < l.glyphs.size(); ++k) {
        const auto& [g, first] = l.glyphs[k];
        place(g, info_[first], left + l.pen[k], baseline);
      }
      underline_row(l, left, baseline);
      height = top + p;
      top += p * (1.2 + rules_.line_spacing);
    }
    out_.width = width;
    out_.height = height;
  }

  /// Underlines under each underlined glyph's advance, merged into bars per style.
  void underline_row(const shaped_line& l, double left, double baseline) {
    for (size_t k = 0; k < l.glyphs.size(); ++k) {
      const char_info& ci = info_[l.glyphs[k].second];
      if (!underline_[ci.style])
        continue;
      const double end = k + 1 < l.pen.size() ? l.pen[k + 1] : l.length;
      const double em = ci.size.px_y;
      add_bar(out_.bars, {left + l.pen[k], baseline + underline_top_em * em, left + end,
                          baseline + (underline_top_em + underline_thickness_em) * em, ci.style});
    }
  }

  void columns(const std::vector<line_span>& cols) {
    // Column heights first: the block is as tall as the tallest.
    std::vector<double> heights;
    double height = 0;
    for (const auto& s : cols) {
      double h = 0;
      for (size_t i = s.begin; i < s.end; ++i)
        h += info_[i].size.px_y + (i + 1 < s.end ? spacing(i) : 0);
      heights.push_back(h);
      height = std::max(height, h);
    }
    double width = 0;
    std::vector<double> sizes;
    for (size_t c = 0; c < cols.size(); ++c) {
      sizes.push_back(line_size(cols[c], true));
      width += c + 1 < cols.size() ? sizes[c] * (1.2 + rules_.line_spacing) : sizes[c];
    }
    double right = width;
    std::vector<shaped_glyph> g;
    for (size_t c = 0; c < cols.size(); ++c) {
      const line_span& s = cols[c];
      const double centre = right - sizes[c] / 2;
      double top = 0;
      if (rules_.alignment == 1)
        top = (height - heights[c]) / 2;
      else if (rules_.alignment == 2)
        top = height - heights[c];
      // Cell tops of the column's characters.
      std::vector<double> cell(s.end - s.begin + 1, top);
      for (size_t i = s.begin; i < s.end; ++i)
        cell[i - s.begin + 1] =
            cell[i - s.begin] + info_[i].size.px_y + (i + 1 < s.end ? spacing(i) : 0);
      for (const auto& r : runs_of(info_, s.begin, s.end)) {
        const char_info& ci = info_[r.begin];
        if (!ci.face.face)
          continue;
        if (!shaper_.shape(s.begin, s.end, r.begin, r.end, ci, features_, g))
          out_.shaping_failed = true;
        // Each cluster upright in its own cell, centred across the column.
        for (size_t k = 0; k < g.size();) {
          size_t e = k;
          double w = 0;
          while (e < g.size() && g[e].cluster == g[k].cluster)
            w += g[e++].advance;
          const size_t at = std::clamp(g[k].cluster, r.begin, r.end - 1);
          const caption_face& f = *ci.face.face;
          const double em_box = f.ascender - f.descender;
          const double baseline =
              cell[at - s.begin] + ci.size.px_y * (em_box > 0 ? f.ascender / em_box : 0.8);
          double pen = centre - w / 2;
          for (; k < e; ++k) {
            place(g[k], ci, pen, baseline);
            pen += g[k].advance;
          }
        }
        if (underline_[ci.style]) {
          const double em = ci.size.px_x, x0 = centre + sizes[c] / 2 + underline_top_em * em;
          add_bar(out_.bars, {x0, cell[r.begin - s.begin], x0 + underline_thickness_em * em,
                              cell[r.end - s.begin], ci.style});
        }
      }
      right -= sizes[c] * (1.2 + rules_.line_spacing);
    }
    out_.width = width;
    out_.height = height;
  }

  const std::u32string& chars_;
  std::vector<char_info> info_;
  const std::vector<bool>& underline_;
  block_rules rules_;
  shaper shaper_;
  std::vector<hb_feature_t> features_;
  caption_block out_;
};

} // namespace

caption_block lay_out_caption(const std::u32string& chars, const std::vector<size_t>& style_of,
                              const std::vector<face_candidates>& faces,
                              const std::vector<run_size>& sizes,
                              const std::vector<bool>& underline, const block_rules& rules) {
  std::vector<char_info> info(chars.size());
  std::u32string missing;
  for (size_t i = 0; i < chars.size(); ++i) {
    info[i].style = style_of[i];
    info[i].size = sizes[style_of[i]];
    const char32_t c = chars[i];
    // Invisible characters go with the face before them instead of splitting the run.
    if (i > 0 && info[i - 1].style == style_of[i] &&
        (is_default_ignorable(c) || shapeable(c) != c)) {
      info[i].face = info[i - 1].face;
      continue;
    }
    info[i].face = choose_face(shapeable(c), faces[style_of[i]]);
    if (info[i].face.missing && shapeable(c) == c && !is_default_ignorable(c) &&
        missing.find(c) == std::u32string::npos)
      missing += c;
  }
  caption_block out = layout(chars, std::move(info), underline, rules).run();
  out.missing = std::move(missing);
  return out;
}

} // namespace cutqueue::render
