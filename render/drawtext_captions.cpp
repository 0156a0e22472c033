#include "render/drawtext_captions.hpp"

#include "render/caption_layout.hpp"
#include "render/curve.hpp"
#include "render/ffmpeg_text.hpp"

#include <algorithm>
#include <cmath>

namespace cutqueue::render {

namespace {

constexpr double pi = 3.14159265358979323846;

std::string secs(int64_t us) {
  return decimal(static_cast<double>(us) / 1e6, 6);
}

/// Whether `font` has a glyph for every character drawtext draws (line breaks and other
/// control characters are not drawn). A caption it does not cover would show boxes.
bool font_covers(const std::string& font, const std::string& text, const drawtext_fonts& f) {
  if (!f.has_glyph)
    return false;
  for (char32_t c : decode_utf8(text))
    if (c >= 0x20 && c != 0x7f && !f.has_glyph(font, c))
      return false;
  return true;
}

/// The font for a caption's style; italic falls back to upright (logged) when no slanted face
/// covers the text.
std::string caption_font(const draft::text_material& t, const std::string& segment_id,
                         const drawtext_fonts& f, std::vector<draft::unsupported_feature>& notes) {
  const draft::text_style& st = t.base();
  const bool bold = st.bold && !f.bold.empty();
  if (st.italic) {
    const std::string& slanted = st.bold && !f.bold_italic.empty() ? f.bold_italic : f.italic;
    if (!slanted.empty() && font_covers(slanted, t.text, f))
      return slanted;
    notes.push_back({"italic text (no italic font for its characters)", "segment " + segment_id});
  }
  return bold ? f.bold : f.regular;
}

/// A drawtext position: `anchor` minus `fraction` of the measured text size `var`.
std::string anchored(double anchor, double fraction, const char* var) {
  std::string out = decimal(anchor, 2);
  if (std::fabs(fraction - 0.5) < 1e-9)
    return out + "-" + var + "/2";
  if (std::fabs(fraction - 1.0) < 1e-9)
    return out + "-" + var;
  if (std::fabs(fraction) < 1e-9)
    return out;
  return out + "-" + decimal(fraction, 4) + "*" + var;
}

/// The lines of a caption placed on the canvas. Subtitles wrap at the draft's line width; other
/// text only when a line would not fit on the canvas at all.
std::vector<caption_line> caption_lines(const draft::text_material& t,
                                        const draft::clip_settings& clip, const std::string& font,
                                        int px, const drawtext_fonts& f, int W, int H) {
  const double size = px;
  advance_fn advance = [size](char32_t c) { return estimated_advance(c, size); };
  if (f.glyph_advance)
    advance = [&](char32_t c) { return f.glyph_advance(font, c, px); };
  auto lines = wrap_caption(t.text, 0, advance);
  double max_width = 0;
  if (t.auto_wrap) {
    max_width = t.line_max_width * W;
  } else {
    for (const auto& l : lines)
      if (line_width(l, advance) > W)
        max_width = 0.9 * W;
  }
  if (max_width > 0)
    lines = wrap_caption(t.text, max_width, advance);
  caption_box box;
  box.centre_x = W / 2.0 + clip.transform_x * W / 2.0;
  box.centre_y = H / 2.0 - clip.transform_y * H / 2.0;
  box.font_px = size;
  box.line_advance = size * (1.2 + t.line_spacing);
  box.alignment = t.alignment;
  return place_caption(lines, box, advance);
}

} // namespace

int caption_font_px(double size, int canvas_height) {
  // Jianying's size 15 subtitle is about a twelfth of the canvas height; linear in size.
  return std::max(4, static_cast<int>(std::lround(size * canvas_height / 180.0)));
}

std::string emit_drawtext_caption(std::ostream& g, const std::string& current,
                                  const draft::segment& s, const draft::text_material& t,
                                  const drawtext_fonts& fonts, int W, int H,
                                  const std::string& work_dir, std::vector<graph_file>& files,
                                  int& serial, std::vector<draft::unsupported_feature>& notes) {
  const std::string where = "segment " + s.id;
  if (t.text.empty())
    return {};
  if (fonts.regular.empty()) {
    notes.push_back({"caption (no caption font available)", where});
    return {};
  }
  if (std::fabs(s.clip.rotation) > 1e-3)
    notes.push_back({"text rotation", where});
  const draft::text_style& st = t.base();
  const int px =
      std::max(4, static_cast<int>(std::lround(caption_font_px(st.size, H) * s.clip.scale_y)));
  const std::string font = caption_font(t, s.id, fonts, notes);
  auto lines = caption_lines(t, s.clip, font, px, fonts, W, H);
  lines.erase(std::remove_if(lines.begin(), lines.end(),
                             [](const caption_line& l) { return l.text.empty(); }),
              lines.end());
  if (lines.empty())
    return {};
  const double alpha = std::clamp(st.fill.a * t.global_alpha * s.clip.alpha, 0.0, 1.0);
  const std::string label = "[txt" + std::to_string(serial) + "]";
  // Every line is its own drawtext in one chain, reading its own file literally.
  g << current;
  for (size_t i = 0; i < lines.size(); ++i) {
    const caption_line& l = lines[i];
    std::string text_path =
        work_dir + "/caption_" + std::to_string(serial) + "_" + std::to_string(i) + ".txt";
    files.push_back({text_path, l.text});
    g << (i ? "," : "") << "drawtext=fontfile=" << escape_filter_value(font)
      << ":textfile=" << escape_filter_value(text_path) << ":expansion=none:fontsize=" << px
      << ":fontcolor=" << hex_colour(st.fill.r, st.fill.g, st.fill.b) << "@" << decimal(alpha, 3);
    if (st.has_stroke && st.stroke_width > 0) {
      int bw = std::max(1, static_cast<int>(std::lround(st.stroke_width * px)));
      g << ":borderw=" << bw << ":bordercolor=" << hex_colour(st.stroke.r, st.stroke.g, st.stroke.b)
        << "@" << decimal(alpha, 3);
    }
    if (st.has_shadow && st.shadow.a > 0) {
      // Jianying's default distance 5 looks like about a tenth of an em; angle counts
      // counter-clockwise with +y up, the canvas has +y down.
      const double dist = st.shadow_distance * px / 50.0, rad = st.shadow_angle * pi / 180.0;
      const long sx = std::lround(dist * std::cos(rad)), sy = std::lround(-dist * std::sin(rad));
      if (sx != 0 || sy != 0)
        g << ":shadowx=" << sx << ":shadowy=" << sy
          << ":shadowcolor=" << hex_colour(st.shadow.r, st.shadow.g, st.shadow.b) << "@"
          << decimal(std::clamp(st.shadow.a * s.clip.alpha, 0.0, 1.0), 3);
    }
    // Drawn on [start, end) only.
    g << ":x=" << anchored(l.x_anchor, l.x_of_width, "text_w") << ":y="
      << (l.y_is_baseline ? decimal(l.y_anchor, 2) + "-ascent"
                          : anchored(l.y_anchor, l.y_of_height, "text_h"))
      << ":enable='gte(t," << secs(s.target.start) << ")*lt(t," << secs(s.target.end()) << ")'";
  }
  g << label << ";\n";
  ++serial;
  return label;
}

} // namespace cutqueue::render
