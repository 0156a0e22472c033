// Each function below mirrors the check_render.py function named in its comment; thresholds,
// regions and times are the script's.
#include "tests/conformance/computed_checks.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace cutqueue::conformance {

namespace {

using testing::analysis_error;
using testing::mean_rgb;
using testing::rgb_frame;

using pixel_test = std::function<bool(int r, int g, int b)>;

struct selection {
  long count = 0;
  double mean_x = 0; ///< of the selected pixels; 0 when none
};

/// The pixels of rows [y0, y1) (all columns) or of a box that pass `test`.
measured<selection> select(media_file& m, double t, int x0, int x1, int y0, int y1,
                           const pixel_test& test) {
  auto fr = m.frame(t);
  if (!fr)
    return analysis_error{fr.error()};
  const rgb_frame& f = **fr;
  // numpy slices clip to the frame.
  x0 = std::clamp(x0, 0, f.width);
  x1 = std::clamp(x1, 0, f.width);
  y0 = std::clamp(y0, 0, f.height);
  y1 = std::clamp(y1, 0, f.height);
  if (x0 >= x1 || y0 >= y1)
    return analysis_error{"empty region"};
  selection s;
  double sum_x = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      const uint8_t* p = f.at(x, y);
      if (test(p[0], p[1], p[2])) {
        ++s.count;
        sum_x += x - x0;
      }
    }
  s.mean_x = s.count ? sum_x / s.count : 0;
  return s;
}

measured<selection> select_rows(media_file& m, double t, int y0, int y1, const pixel_test& test) {
  return select(m, t, 0, 1 << 30, y0, y1, test);
}

bool white(int r, int g, int b) {
  return std::min({r, g, b}) > 200;
}

// -- animations_text --------------------------------------------------------------------------

/// img_anim(T): G of the 5x5 mean at (320,180) in 150..235.
check_fn image_fade(double t) {
  return [t](media_file& m) -> measured<verdict> {
    auto p = m.pixel(t, 320, 180);
    if (!p)
      return analysis_error{p.error()};
    return verdict{p->g >= 150 && p->g <= 235, "G " + fixed(p->g, 1)};
  };
}

/// band_energy(md, t, 276, 340): blue over the bottom caption band.
measured<double> caption_band(media_file& m, double t) {
  return m.band_energy(t, 276, 340, 2);
}

/// cap_present(T, want).
check_fn caption_present(double t, bool want) {
  return [t, want](media_file& m) -> measured<verdict> {
    auto e = caption_band(m, t);
    if (!e)
      return analysis_error{e.error()};
    return verdict{(*e > 200) == want, "blue energy " + fixed(*e, 1)};
  };
}

/// cap_fade(T): energy at T relative to the fully shown caption at 1.5 s.
check_fn caption_fade(double t) {
  return [t](media_file& m) -> measured<verdict> {
    auto full = caption_band(m, 1.5);
    auto e = caption_band(m, t);
    if (!full || !e)
      return analysis_error{full ? e.error() : full.error()};
    double ratio = *full > 0 ? *e / *full : 0;
    return verdict{ratio >= 0.15 && ratio <= 0.85, "ratio to 1.5 s " + fixed(ratio, 3)};
  };
}

/// blink: every other frame over 4.0..5.0 s.
measured<verdict> caption_blink(media_file& m) {
  std::vector<double> es;
  for (int i = 0; i < 30; i += 2) {
    auto e = caption_band(m, 4.0 + i / 30.0);
    if (!e)
      return analysis_error{e.error()};
    es.push_back(*e);
  }
  double mx = *std::max_element(es.begin(), es.end());
  double mn = *std::min_element(es.begin(), es.end());
  return verdict{mx > 0 && mn / mx<0.6, mx> 0 ? "min/max over 4.0..5.0 s " + fixed(mn / mx, 3)
                                              : "no caption energy"};
}

/// style_caption: red "STYLE " and green "KEY" to its right, rows 10..100 at 3 s.
measured<verdict> style_caption(media_file& m) {
  auto red =
      select_rows(m, 3.0, 10, 100, [](int r, int g, int b) { return r > 180 && g < 90 && b < 90; });
  auto green =
      select_rows(m, 3.0, 10, 100, [](int r, int g, int b) { return g > 180 && r < 90 && b < 90; });
  if (!red || !green)
    return analysis_error{red ? green.error() : red.error()};
  bool ok = red->count > 50 && green->count > 20 && green->mean_x > red->mean_x;
  return verdict{ok, "red_px " + std::to_string(red->count) + " (mean x " +
                         (red->count ? fixed(red->mean_x, 1) : "-") + "), green_px " +
                         std::to_string(green->count) + " (mean x " +
                         (green->count ? fixed(green->mean_x, 1) : "-") + ")"};
}

// -- effects_filters --------------------------------------------------------------------------

/// cond(T, ...): a test on the 5x5 mean at (320,120).
check_fn tint(double t, std::function<bool(const mean_rgb&)> test) {
  return [t, test](media_file& m) -> measured<verdict> {
    auto p = m.pixel(t, 320, 120);
    if (!p)
      return analysis_error{p.error()};
    return verdict{test(*p), "rgb " + show(*p)};
  };
}

/// huazi: white text with an orange glow in rows 270..345 at 2 s.
measured<verdict> huazi(media_file& m) {
  auto w = select_rows(m, 2.0, 270, 345, white);
  // Orange glow: R high, G mid, B low and G well above B (white-on-red anti-aliasing has G ~= B).
  auto o = select_rows(m, 2.0, 270, 345, [](int r, int g, int b) {
    return r > 200 && g > 70 && g < 210 && b < 70 && g - b > 50;
  });
  if (!w || !o)
    return analysis_error{w ? o.error() : w.error()};
  return verdict{w->count > 50 && o->count > 50, "white_px " + std::to_string(w->count) +
                                                     ", orange_px " + std::to_string(o->count)};
}

/// text_present: white pixels in rows 270..345 at 4.5 s.
measured<verdict> huazi_text_present(media_file& m) {
  auto w = select_rows(m, 4.5, 270, 345, white);
  if (!w)
    return analysis_error{w.error()};
  return verdict{w->count > 50, "white_px " + std::to_string(w->count)};
}

// -- audio_mix, sticker, transitions ----------------------------------------------------------

/// echo: 1200 Hz left after the segment ends at 5.0 s.
measured<verdict> echo_tail(media_file& m) {
  auto tail = m.tone(5.05, 5.35, 1200);
  if (!tail)
    return analysis_error{tail.error()};
  return verdict{*tail > 0.004, "1200 Hz amplitude in 5.05..5.35 s " + fixed(*tail, 4)};
}

/// sticker: pixels of rows 60..210, columns 300..500 at 2 s far from blue.
measured<verdict> sticker_visible(media_file& m) {
  auto s = select(m, 2.0, 300, 500, 60, 210, [](int r, int g, int b) {
    return std::max({std::abs(r), std::abs(g), std::abs(b - 255)}) > 60;
  });
  if (!s)
    return analysis_error{s.error()};
  return verdict{s->count > 200, "non-blue px " + std::to_string(s->count)};
}

/// dissolve: the 5x5 mean at (320,180) at 3.0 s mixes red and green.
measured<verdict> dissolve(media_file& m) {
  auto p = m.pixel(3.0, 320, 180);
  if (!p)
    return analysis_error{p.error()};
  return verdict{p->r >= 40 && p->r <= 215 && p->g >= 40 && p->g <= 215, "rgb " + show(*p)};
}

/// flash_black: the darkest of 5.9, 6.0, 6.1 s at (320,180).
measured<verdict> flash_black(media_file& m) {
  double darkest = 1e9;
  std::string got = "mean level";
  for (double t : {5.9, 6.0, 6.1}) {
    auto p = m.pixel(t, 320, 180);
    if (!p)
      return analysis_error{p.error()};
    double level = (p->r + p->g + p->b) / 3;
    darkest = std::min(darkest, level);
    got += " " + fixed(level, 1);
  }
  return verdict{darkest < 50, got};
}

// -- caption_params ---------------------------------------------------------------------------

/// alpha_half: the brightest R in rows 276..336 at 2 s.
measured<verdict> alpha_half(media_file& m) {
  auto fr = m.frame(2.0);
  if (!fr)
    return analysis_error{fr.error()};
  const rgb_frame& f = **fr;
  int max_r = -1;
  for (int y = 276; y < std::min(336, f.height); ++y)
    for (int x = 0; x < f.width; ++x)
      max_r = std::max<int>(max_r, f.at(x, y)[0]);
  if (max_r < 0)
    return analysis_error{"empty band"};
  return verdict{max_r >= 90 && max_r <= 170, "max R " + std::to_string(max_r)};
}

std::string show_box(const std::optional<testing::pixel_box>& b) {
  if (!b)
    return "none";
  return "x " + std::to_string(b->x0) + ".." + std::to_string(b->x1) + ", y " +
         std::to_string(b->y0) + ".." + std::to_string(b->y1);
}

/// spacing: the letter-spaced 'SPACED' is > 10 % wider than the plain one.
measured<verdict> spacing(media_file& m) {
  auto a = m.white_box(2.0, 200, 440, 25, 85);
  auto b = m.white_box(2.0, 100, 540, 97, 157);
  if (!a || !b)
    return analysis_error{a ? b.error() : a.error()};
  if (!*a || !*b)
    return verdict{false, "normal " + show_box(*a) + ", spaced " + show_box(*b)};
  int wa = (*a)->x1 - (*a)->x0, wb = (*b)->x1 - (*b)->x0;
  return verdict{wb > 1.1 * wa,
                 "normal width " + std::to_string(wa) + ", spaced width " + std::to_string(wb)};
}

/// vertical: 'VERT' set in a column is taller than wide.
measured<verdict> vertical(media_file& m) {
  auto bb = m.white_box(2.0, 40, 220, 95, 265);
  if (!bb)
    return analysis_error{bb.error()};
  if (!*bb)
    return verdict{false, "no white pixels"};
  int w = (*bb)->x1 - (*bb)->x0, h = (*bb)->y1 - (*bb)->y0;
  return verdict{h > 1.5 * w,
                 show_box(*bb) + ": w " + std::to_string(w) + ", h " + std::to_string(h)};
}

/// present: the first 'SPACED' is drawn at all.
measured<verdict> spaced_present(media_file& m) {
  auto bb = m.white_box(2.0, 200, 440, 25, 85);
  if (!bb)
    return analysis_error{bb.error()};
  return verdict{bb->has_value(), show_box(*bb)};
}

std::vector<computed_row> make_rows() {
  return {
      {"animations_text",
       "image 渐显 (fade in 1.0-2.0 s) at 1.5 s: partly transparent orange over yellow (G "
       "150..235; linear opacity gives 191)",
       "G in 150..235", image_fade(1.5)},
      {"animations_text",
       "image 渐隐 (fade out 4.0-5.0 s) at 4.5 s: partly transparent (G 150..235; linear gives "
       "191)",
       "G in 150..235", image_fade(4.5)},
      {"animations_text", "no bottom caption at 0.25 s (FADE TEXT starts 0.5 s)",
       "band B-energy <= 200", caption_present(0.25, false)},
      {"animations_text", "FADE TEXT fully visible at 1.5 s (white text in y 276..340)",
       "band B-energy > 200", caption_present(1.5, true)},
      {"animations_text", "no bottom caption at 3.25 s (gap 3.0-3.5 s)", "band B-energy <= 200",
       caption_present(3.25, false)},
      {"animations_text",
       "FADE TEXT 渐显 (0.5-1.0 s): at 0.75 s text energy 15-85 % of the full caption (linear: "
       "50 %)",
       "ratio 0.15..0.85", caption_fade(0.75)},
      {"animations_text", "FADE TEXT 渐隐 (2.5-3.0 s): at 2.75 s text energy 15-85 % of full",
       "ratio 0.15..0.85", caption_fade(2.75)},
      {"animations_text",
       "LOOP TEXT 闪烁 loop (0.5 s cycle, 3.5-6.0 s): text energy varies over 4.0-5.0 s (min/max "
       "< 0.6)",
       "min/max < 0.6", caption_blink},
      {"animations_text",
       "top caption 'STYLE KEY' at 3 s in y 10..100: red text (#ff0000) and the keyword KEY in "
       "green (#00ff00) to the right of the red part",
       "red_px > 50, green_px > 20, green right of red", style_caption},
      {"audio_mix",
       "回音 (echo) on the 1200 Hz segment: some 1200 Hz energy continues after the segment ends "
       "at 5.0 s (amp > 0.004 in 5.05-5.35 s)",
       "tail amp > 0.004", echo_tail},
      {"caption_params",
       "ALPHA HALF (global_alpha 0.5, white over blue) at y 276..336: brightest text pixel R about "
       "128 (0.5*255 + 0.5*0), not 255",
       "max R in 90..170", alpha_half},
      {"caption_params",
       "letter_spacing 0.25 (API 5): the second 'SPACED' (y~126) is wider than the first (y~54) "
       "by > 10 %",
       "spaced width > 1.1 x normal width", spacing},
      {"caption_params",
       "VERT with alignment 3 (typesetting 1 = vertical text) centred near (128,180): glyphs "
       "stacked, bounding box height > 1.5 x width",
       "h > 1.5 w", vertical},
      {"caption_params", "first 'SPACED' drawn near y 54 (transform_y +0.7, +y up)",
       "white pixels in x 200..440, y 25..85", spaced_present},
      {"effects_filters",
       "冷蓝 filter (cool blue, 100 %) on 0-3 s: red is tinted (B > 25 or R < 225) at 0.5 s",
       "B>25 or R<225", tint(0.5, [](const mean_rgb& p) { return p.b > 25 || p.r < 225; })},
      {"effects_filters", "变黑白 effect 1-2 s: grey frame (max-min channel < 40) at 1.5 s",
       "max-min < 40",
       tint(1.5,
            [](const mean_rgb& p) {
              return std::max({p.r, p.g, p.b}) - std::min({p.r, p.g, p.b}) < 40;
            })},
      {"effects_filters",
       "高清黑白 filter 60 % on 3-6 s: green desaturated (R > 40 and B > 40) at 3.5 s",
       "R>40 and B>40", tint(3.5, [](const mean_rgb& p) { return p.r > 40 && p.b > 40; })},
      {"effects_filters",
       "caption HUAZI with 花字 白字橘色发光花字 (white text, orange glow) at 2 s, y 270..345: "
       "white and orange pixels",
       "white>50, orange>50", huazi},
      {"effects_filters",
       "caption HUAZI is drawn at all (white fill: upstream resets text_color to #ffffff when a "
       "花字 is set) at 4.5 s",
       "white_px > 50", huazi_text_present},
      {"sticker",
       "sticker 7326810673609018675 (scale 0.5, transform 0.25/0.25 -> centre 400,135) visible: "
       ">200 non-blue px near its centre",
       "non-blue > 200", sticker_visible},
      {"transitions",
       "叠化 (dissolve, 1 s) at the 3.0 s cut: a red/green blend (R and G both in 40..215), not a "
       "hard cut",
       "R,G in 40..215", dissolve},
      {"transitions",
       "闪黑 (flash black, 1 s) around the 6.0 s cut: some frame in 5.9..6.1 s is near black "
       "(mean level < 50)",
       "min level < 50", flash_black},
  };
}

} // namespace

const std::vector<computed_row>& computed_rows() {
  static const std::vector<computed_row> rows = make_rows();
  return rows;
}

std::optional<check_fn> find_computed(const std::string& draft, const std::string& meaning,
                                      const std::string& expected) {
  for (const auto& r : computed_rows())
    if (r.draft == draft && r.meaning == meaning && r.expected == expected)
      return r.run;
  return std::nullopt;
}

} // namespace cutqueue::conformance
