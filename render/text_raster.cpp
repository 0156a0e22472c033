#include "render/text_raster.hpp"

#include "render/caption_faces.hpp"
#include "render/caption_layout.hpp"
#include "render/caption_shaping.hpp"
#include "render/glyph_raster.hpp"
#include "render/png_reader.hpp"
#include "render/raster_layers.hpp"
#include "render/text_effect_looks.hpp"
#include "render/text_ranges.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <memory>

namespace cutqueue::render {

namespace {

constexpr double pi = 3.14159265358979323846;
constexpr int margin = 2;                   ///< transparent pixels around everything drawn
constexpr double max_glyph_px = 2048;       ///< past this FreeType only wastes time
constexpr double max_shadow_sigma_em = 0.5; ///< capcut-mate's largest diffuse (100 / 600) x 3

/// How a style's stroke and shadow are drawn at its pixel size.
struct style_effects {
  double stroke_radius = 0; ///< pixels; 0: no stroke
  bool shadow = false;
  int shadow_dx = 0, shadow_dy = 0; ///< pixels, +y down
  double shadow_sigma = 0;          ///< pixels
  bool sigma_clamped = false;
  /// How far the stroke, the shadow and its blur reach past the glyphs.
  double reach() const {
    double r = stroke_radius;
    if (shadow)
      r += std::max(std::abs(shadow_dx), std::abs(shadow_dy)) + 3 * shadow_sigma;
    return r;
  }
};

style_effects effects_of(const draft::text_style& s, const run_size& px) {
  style_effects e;
  const double em = std::sqrt(px.px_x * px.px_y); // a stretched clip: its average scale
  if (s.has_stroke && s.stroke_width > 0 && s.stroke.a > 0)
    e.stroke_radius = s.stroke_width * em;
  if (s.has_shadow && s.shadow.a > 0) {
    e.shadow = true;
    const double d = std::clamp(s.shadow_distance, 0.0, 100.0) / 50.0;
    const double rad = s.shadow_angle * pi / 180.0;
    e.shadow_dx = static_cast<int>(std::lround(d * px.px_x * std::cos(rad)));
    e.shadow_dy = static_cast<int>(std::lround(-d * px.px_y * std::sin(rad))); // +y is up
    e.shadow_sigma = s.shadow_diffuse * 3 * em;
    if (e.shadow_sigma > max_shadow_sigma_em * em) {
      e.shadow_sigma = max_shadow_sigma_em * em;
      e.sigma_clamped = true;
    }
  }
  return e;
}

std::string code_point(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

bool same_colour(const draft::rgba& a, const draft::rgba& b) {
  return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

/// Coverages painted with one colour (and, for shadows, one offset and blur), united first so
/// that overlapping glyphs do not double the paint's opacity.
struct paint_group {
  draft::rgba colour;
  int dx = 0, dy = 0;
  double sigma = 0;
  std::vector<const coverage*> parts;
  const rgba_picture* texture = nullptr; ///< painted with the picture instead of `colour`
};

void add_to(std::vector<paint_group>& groups, const draft::rgba& colour, int dx, int dy,
            double sigma, const coverage& c, const rgba_picture* texture = nullptr) {
  if (c.empty())
    return;
  for (auto& g : groups)
    if (same_colour(g.colour, colour) && g.dx == dx && g.dy == dy && g.sigma == sigma &&
        g.texture == texture) {
      g.parts.push_back(&c);
      return;
    }
  groups.push_back({colour, dx, dy, sigma, {&c}, texture});
}

/// Pixel bounds [x0, x1) x [y0, y1) of everything drawn, in block pixels.
struct bounds {
  int x0 = INT_MAX, y0 = INT_MAX, x1 = INT_MIN, y1 = INT_MIN;
  bool empty() const { return x1 <= x0 || y1 <= y0; }
  void add(const coverage& c, int dx = 0, int dy = 0, int grow = 0) {
    if (c.empty())
      return;
    x0 = std::min(x0, c.left + dx - grow);
    y0 = std::min(y0, c.top + dy - grow);
    x1 = std::max(x1, c.left + dx + c.width + grow);
    y1 = std::max(y1, c.top + dy + c.height + grow);
  }
};

/// One drawn element: a glyph or an underline, with its fill and stroked coverage.
struct piece {
  coverage fill, stroke;
  size_t style = 0;
  const coverage& silhouette() const { return stroke.empty() ? fill : stroke; }
};

} // namespace

caption_image rasterize_caption(const draft::text_material& t, int canvas_w, int canvas_h,
                                double scale_x, double scale_y, const caption_fonts_for& fonts,
                                caption_font_cache& cache,
                                std::vector<draft::unsupported_feature>* notes) {
  caption_image img;
  auto note = [&](const std::string& s, draft::drawn how = draft::drawn::not_at_all,
                  const std::string& detail = {}) {
    if (notes && std::none_of(notes->begin(), notes->end(),
                              [&](const draft::unsupported_feature& n) { return n.feature == s; }))
      notes->push_back({s, "", how, detail});
  };
  const std::u32string chars = decode_utf8(t.text);
  if (chars.empty())
    return img;
  if (canvas_w <= 0 || canvas_h <= 0) {
    note("caption on a canvas without pixels");
    return img;
  }
  auto clean = [](double s) { return std::isfinite(s) ? std::fabs(s) : 1.0; };
  const double sx = clean(scale_x), sy = clean(scale_y);
  if (sx < 1e-6 || sy < 1e-6)
    return img; // scaled to nothing

  std::vector<draft::text_style> styles = t.styles;
  if (styles.empty())
    styles.push_back(t.base());
  const std::vector<size_t> style_of = style_per_char(chars, styles);
  std::vector<bool> used(styles.size(), false), underline(styles.size(), false);
  for (size_t s : style_of)
    used[s] = true;

  // Faces, and what the styles ask for that is not drawn. A 花字 with an operator's texture
  // fills its characters with the picture; without one its colours are read from its name.
  std::vector<std::unique_ptr<rgba_picture>> textures(styles.size());
  caption_font_cache::impl& state = cache.state();
  std::vector<face_candidates> faces;
  for (size_t s = 0; s < styles.size(); ++s) {
    if (!styles[s].effect_id.empty() && used[s]) {
      const std::string texture =
          fonts.text_effect_texture ? fonts.text_effect_texture(styles[s].effect_id) : "";
      std::string why;
      rgba_picture pic = texture.empty() ? rgba_picture{} : read_png_rgba(texture, why);
      if (!pic.empty()) {
        textures[s] = std::make_unique<rgba_picture>(std::move(pic));
        note("text effect " + styles[s].effect_id, draft::drawn::exactly, texture);
      } else {
        note("text effect " + styles[s].effect_id, draft::drawn::approximately,
             apply_text_effect(styles[s], text_effect_look(styles[s].effect_id, "")));
      }
    }
    const draft::text_style& st = styles[s];
    faces.push_back(candidates_for(st, fonts, state));
    underline[s] = st.underline;
    if (!used[s])
      continue;
    if (faces.back().faces.empty()) {
      note("no caption font could be opened");
      return img;
    }
    // Named as render/feature_audit.cpp names them, so a task's log says each once.
    if (faces.back().font_id_missing)
      note("font " + st.font_id);
  }

  // Pixel sizes: Jianying size -> px (as the drawtext captions), times the clip's scale.
  std::vector<run_size> natural(styles.size());
  double largest = 0;
  for (size_t s = 0; s < styles.size(); ++s) {
    const double px = caption_font_px(styles[s].size, canvas_h);
    natural[s] = {px * sx, px * sy};
    if (used[s])
      largest = std::max({largest, natural[s].px_x, natural[s].px_y});
  }
  block_rules rules;
  rules.letter_spacing = t.letter_spacing;
  rules.line_spacing = t.line_spacing;
  rules.alignment = std::clamp(t.alignment, 0, 2);
  rules.vertical = t.vertical;
  // Wrapping happens in the caption's own frame (Jianying scales a laid-out caption), so the
  // limits scale with the clip.
  const double room = t.vertical ? canvas_h * sy : canvas_w * sx;
  const double wrap_at = t.auto_wrap ? t.line_max_width * room : 0.9 * room;
  const double wrap_if_over = t.auto_wrap ? wrap_at : room;

  std::vector<run_size> sizes(styles.size());
  std::vector<style_effects> effects(styles.size());
  caption_block block;
  auto lay_out = [&](double fit) {
    for (size_t s = 0; s < styles.size(); ++s) {
      sizes[s] = {std::max(1.0, natural[s].px_x * fit), std::max(1.0, natural[s].px_y * fit)};
      effects[s] = effects_of(styles[s], sizes[s]);
    }
    rules.wrap_at = wrap_at * fit;
    rules.wrap_if_over = wrap_if_over * fit;
    block = lay_out_caption(chars, style_of, faces, sizes, underline, rules);
  };
  double fit = largest > max_glyph_px ? max_glyph_px / largest : 1.0;
  lay_out(fit);
  // Absurd sizes: shrink everything (glyphs, stroke, shadow) until the image fits the limits.
  double reach = 0, px_max = 0;
  for (size_t s = 0; s < styles.size(); ++s)
    if (used[s]) {
      reach = std::max(reach, effects[s].reach());
      px_max = std::max({px_max, sizes[s].px_x, sizes[s].px_y});
    }
  // Half an em more on each side for glyphs overshooting their line (accents, italic lean).
  const double est_w = block.width + 2 * (reach + 0.5 * px_max) + 2 * margin;
  const double est_h = block.height + 2 * (reach + 0.5 * px_max) + 2 * margin;
  const double shrink =
      std::min({1.0, max_caption_side / est_w, max_caption_side / est_h,
                std::sqrt(static_cast<double>(max_caption_area) / (est_w * est_h))});
  if (shrink < 1) {
    fit *= shrink * 0.98;
    lay_out(fit);
  }
  if (fit < 1) {
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "caption too large (about %.0f x %.0f px): drawn at %.1f %% of its size", est_w,
                  est_h, fit * 100);
    note(buf);
  }
  for (size_t s = 0; s < styles.size(); ++s)
    if (used[s] && effects[s].sigma_clamped)
      note("shadow diffuse " + std::to_string(styles[s].shadow_diffuse) +
           ": blur limited to half an em");
  if (block.shaping_failed)
    note("HarfBuzz could not shape part of the caption: plain advances used");
  for (char32_t c : block.missing)
    note("no font has " + code_point(c) + ": drawn as a gap");

  // Shift the drawing by under a pixel so the block centre (the anchor) falls on a pixel
  // corner: a picture can then be padded to have its anchor exactly at its centre.
  const double cx = std::ceil(block.width / 2), cy = std::ceil(block.height / 2);
  const double shift_x = cx - block.width / 2, shift_y = cy - block.height / 2;
  for (placed_glyph& g : block.glyphs) {
    g.x += shift_x;
    g.y += shift_y;
  }
  for (placed_bar& b : block.bars) {
    b.x0 += shift_x;
    b.x1 += shift_x;
    b.y0 += shift_y;
    b.y1 += shift_y;
  }

  // Coverage of every glyph and underline, and the bounds of all they draw.
  std::vector<piece> pieces(block.glyphs.size() + block.bars.size());
  glyph_rasterizer raster(state.ft);
  for (size_t i = 0; i < block.glyphs.size(); ++i) {
    const placed_glyph& g = block.glyphs[i];
    pieces[i].style = g.style;
    raster.rasterize(g, effects[g.style].stroke_radius, pieces[i].fill, pieces[i].stroke);
  }
  for (size_t i = 0; i < block.bars.size(); ++i) {
    piece& p = pieces[block.glyphs.size() + i];
    const placed_bar& b = block.bars[i];
    p.style = b.style;
    p.fill = bar_coverage(b, 0);
    if (effects[b.style].stroke_radius > 0)
      p.stroke = bar_coverage(b, effects[b.style].stroke_radius);
  }
  bounds box;
  for (const piece& p : pieces) {
    const style_effects& e = effects[p.style];
    box.add(p.fill);
    box.add(p.stroke);
    if (e.shadow)
      box.add(p.silhouette(), e.shadow_dx, e.shadow_dy,
              static_cast<int>(std::ceil(3 * e.shadow_sigma)) + 1);
  }
  if (box.empty())
    return img; // only spaces, or nothing any font can draw
  // Whatever the estimate missed, never allocate past the limits: keep the middle.
  const int mid_x = static_cast<int>(cx), mid_y = static_cast<int>(cy);
  box.x0 = std::max(box.x0 - margin, mid_x - max_caption_side / 2);
  box.x1 = std::min(box.x1 + margin, mid_x + max_caption_side / 2);
  box.y0 = std::max(box.y0 - margin, mid_y - max_caption_side / 2);
  box.y1 = std::min(box.y1 + margin, mid_y + max_caption_side / 2);
  const int64_t area_rows = max_caption_area / std::max(1, box.x1 - box.x0);
  if (box.y1 - box.y0 > area_rows) {
    box.y0 = static_cast<int>(std::max<int64_t>(box.y0, mid_y - area_rows / 2));
    box.y1 = static_cast<int>(box.y0 + area_rows);
  }
  img.width = box.x1 - box.x0;
  img.height = box.y1 - box.y0;

  // Shadow under stroke under fill, each paint a union of its coverages.
  std::vector<paint_group> shadows, strokes, fills;
  for (const piece& p : pieces) {
    const draft::text_style& st = styles[p.style];
    const style_effects& e = effects[p.style];
    if (e.shadow)
      add_to(shadows, st.shadow, e.shadow_dx, e.shadow_dy, e.shadow_sigma, p.silhouette());
    if (e.stroke_radius > 0)
      add_to(strokes, st.stroke, 0, 0, 0, p.stroke);
    if (st.fill.a > 0)
      add_to(fills, st.fill, 0, 0, 0, p.fill, textures[p.style].get());
  }
  std::vector<coverage_plane> planes;
  planes.reserve(shadows.size() + strokes.size() + fills.size()); // paints point into it
  std::vector<plane_paint> paints;
  for (const auto* layer : {&shadows, &strokes, &fills})
    for (const paint_group& g : *layer) {
      coverage_plane& plane = planes.emplace_back(img.width, img.height);
      for (const coverage* c : g.parts)
        plane.unite(*c, g.dx - box.x0, g.dy - box.y0);
      plane.blur(g.sigma);
      paints.push_back({&plane, g.colour, g.texture});
    }
  img.rgba = composite_rgba8(img.width, img.height, paints, t.global_alpha);
  img.anchor_x = cx - box.x0;
  img.anchor_y = cy - box.y0;
  return img;
}

caption_image centred_on_anchor(const caption_image& img) {
  if (img.empty())
    return img;
  // The anchor is on a pixel corner; pad the shorter side of it up to the longer.
  const int ax = static_cast<int>(std::lround(img.anchor_x));
  const int ay = static_cast<int>(std::lround(img.anchor_y));
  const int half_w = std::max(ax, img.width - ax), half_h = std::max(ay, img.height - ay);
  caption_image out;
  out.width = 2 * half_w;
  out.height = 2 * half_h;
  out.anchor_x = half_w;
  out.anchor_y = half_h;
  out.rgba.assign(static_cast<size_t>(out.width) * out.height * 4, 0);
  const int left = half_w - ax, top = half_h - ay;
  for (int y = 0; y < img.height; ++y)
    std::copy_n(img.rgba.data() + static_cast<size_t>(y) * img.width * 4, img.width * 4,
                out.rgba.data() + (static_cast<size_t>(y + top) * out.width + left) * 4);
  return out;
}

} // namespace cutqueue::render
