#include "draft/parse_text.hpp"

#include "draft/json_read.hpp"

#include <algorithm>

namespace cutqueue::draft {

namespace {

using namespace json_read;

/// Reads [r, g, b] floats in 0..1; leaves the colour alone when absent or malformed.
void parse_rgb(const json* color, rgba& out) {
  if (!color || !color->is_array() || color->size() < 3)
    return;
  const auto& c = *color;
  if (c[0].is_number() && c[1].is_number() && c[2].is_number()) {
    out.r = std::clamp(finite(c[0].get<double>(), out.r), 0.0, 1.0);
    out.g = std::clamp(finite(c[1].get<double>(), out.g), 0.0, 1.0);
    out.b = std::clamp(finite(c[2].get<double>(), out.b), 0.0, 1.0);
  }
}

/// Reads "#RRGGBB" into the colour; leaves it alone when malformed.
void parse_hex_rgb(const std::string& hex, rgba& out) {
  if (hex.size() != 7 || hex[0] != '#' ||
      hex.find_first_not_of("0123456789abcdefABCDEF", 1) != std::string::npos)
    return;
  auto channel = [&](size_t at) { return std::stoi(hex.substr(at, 2), nullptr, 16) / 255.0; };
  out.r = channel(1);
  out.g = channel(3);
  out.b = channel(5);
}

/// `{content: {solid: {color, alpha}}}`, the shape of fills, strokes and shadows.
void parse_solid(const json& holder, rgba& out) {
  if (auto* content = member(holder, "content"))
    if (auto* solid = member(*content, "solid")) {
      parse_rgb(member(*solid, "color"), out);
      out.a *= std::clamp(num(*solid, "alpha", 1.0), 0.0, 1.0);
    }
}

/// The shadow of a style: pyJianYingDraft (and capcut-mate) write
/// `shadows: [{alpha, distance, angle, diffuse, content: {solid: {color}}}]`; older generators put
/// `has_shadow` and `shadow_*` fields on the material itself, with a "#RRGGBB" colour.
void parse_shadow(const json& material, const json& style, text_style& s) {
  if (auto* shadows = member(style, "shadows");
      shadows && shadows->is_array() && !shadows->empty() && (*shadows)[0].is_object()) {
    const json& sh = (*shadows)[0];
    s.has_shadow = true;
    s.shadow.a = std::clamp(num(sh, "alpha", s.shadow.a), 0.0, 1.0);
    s.shadow_distance = num(sh, "distance", s.shadow_distance);
    s.shadow_angle = num(sh, "angle", s.shadow_angle);
    s.shadow_diffuse = std::clamp(num(sh, "diffuse", s.shadow_diffuse), 0.0, 1.0);
    parse_solid(sh, s.shadow);
    return;
  }
  if (!boolean(material, "has_shadow", false))
    return;
  s.has_shadow = true;
  s.shadow.a = std::clamp(num(material, "shadow_alpha", s.shadow.a), 0.0, 1.0);
  s.shadow_distance = num(material, "shadow_distance", s.shadow_distance);
  s.shadow_angle = num(material, "shadow_angle", s.shadow_angle);
  s.shadow_diffuse = std::clamp(num(material, "shadow_smoothing", s.shadow_diffuse), 0.0, 1.0);
  parse_hex_rgb(str(material, "shadow_color"), s.shadow);
  parse_rgb(member(material, "shadow_color"), s.shadow);
}

text_style parse_style(const json& material, const json& st) {
  text_style s;
  s.range_begin = 0;
  s.range_end = INT64_MAX;
  if (auto* range = member(st, "range"); range && range->is_array() && range->size() >= 2 &&
                                         (*range)[0].is_number() && (*range)[1].is_number()) {
    json pair = {{"b", (*range)[0]}, {"e", (*range)[1]}};
    s.range_begin = std::max<int64_t>(0, integer(pair, "b", 0));
    s.range_end = std::max<int64_t>(s.range_begin, integer(pair, "e", 0));
  }
  s.size = std::clamp(num(st, "size", s.size), 0.1, 1000.0);
  s.bold = boolean(st, "bold", false);
  s.italic = boolean(st, "italic", false);
  s.underline = boolean(st, "underline", false);
  if (auto* fill = member(st, "fill")) {
    s.fill.a = std::clamp(num(*fill, "alpha", 1.0), 0.0, 1.0);
    parse_solid(*fill, s.fill);
  }
  if (auto* font = member(st, "font")) {
    s.font_id = id_str(*font, "id");
    s.font_path = str(*font, "path");
  }
  if (auto* strokes = member(st, "strokes"); strokes && strokes->is_array() && !strokes->empty()) {
    const json& k = (*strokes)[0];
    s.stroke_width = std::clamp(num(k, "width", 0.0), 0.0, 1.0);
    s.has_stroke = s.stroke_width > 0;
    s.stroke.a = std::clamp(num(k, "alpha", 1.0), 0.0, 1.0);
    parse_solid(k, s.stroke);
  }
  if (auto* effect = member(st, "effectStyle"))
    s.effect_id = id_str(*effect, "id");
  parse_shadow(material, st, s);
  return s;
}

} // namespace

const text_style& text_material::base() const {
  static const text_style plain{};
  return styles.empty() ? plain : styles.front();
}

text_material parse_text_material(const json& m) {
  text_material t;
  t.id = str(m, "id");
  t.alignment = static_cast<int>(std::clamp<int64_t>(integer(m, "alignment", 1), 0, 5));
  // capcut-mate's alignments 3-5 are vertical text (typesetting 1) with 0-2 within the column.
  if (t.alignment > 2)
    t.alignment -= 3;
  t.vertical = integer(m, "typesetting", 0) == 1;
  t.auto_wrap = str(m, "type") == "subtitle";
  const double max_width = num(m, "line_max_width", t.line_max_width);
  if (max_width > 0.0 && max_width <= 1.0)
    t.line_max_width = max_width;
  t.line_spacing = std::clamp(num(m, "line_spacing", t.line_spacing), 0.0, 5.0);
  t.letter_spacing = std::clamp(num(m, "letter_spacing", 0.0), -0.5, 5.0);
  t.global_alpha = std::clamp(num(m, "global_alpha", 1.0), 0.0, 1.0);

  const std::string content = str(m, "content");
  json c = json::parse(content, nullptr, false);
  const json* styles = nullptr;
  if (c.is_object()) {
    t.text = str(c, "text");
    styles = member(c, "styles");
  } else {
    t.text = content; // older drafts store plain text
  }
  if (styles && styles->is_array())
    for (const auto& st : *styles)
      if (st.is_object())
        t.styles.push_back(parse_style(m, st));
  if (t.styles.empty()) {
    t.styles.push_back(parse_style(m, json::object()));
    parse_hex_rgb(str(m, "text_color"), t.styles.back().fill);
  }
  return t;
}

} // namespace cutqueue::draft
