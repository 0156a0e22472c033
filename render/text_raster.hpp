// Renders a caption (a Jianying text material with all its styles) to an RGBA image that the
// renderer overlays like a picture, so captions can be moved, scaled, rotated, faded and
// animated like photos. Glyphs are drawn with FreeType, shaped with HarfBuzz, laid out with the
// wrapping rules of caption_layout.hpp.
//
// Conventions (shared with the drawtext captions of ffmpeg_graph.cpp):
// - font px = caption_font_px(size, canvas height) (size x height / 180) x the clip's scale;
// - stroke: a border stroke_width x px wide around the glyphs, under the fill;
// - shadow: offset shadow_distance x px / 50 at shadow_angle degrees counter-clockwise from +x
//   with +y up (-45: down-right), blurred with a gaussian of sigma shadow_diffuse x 3 x px,
//   under the stroke; its shape is the stroked glyph (the glyph when there is no stroke);
// - underline: a bar 0.06 em thick, 0.08 em below the baseline, in the fill colour;
// - lines advance px x (1.2 + line_spacing) (px of their largest character), baselines 0.8 em
//   below each line's top; letter_spacing adds that many ems between characters;
// - vertical text: upright characters in em cells top to bottom, columns right to left, the
//   underline as a side line right of the column.
#pragma once

#include "draft/model.hpp"
#include "render/caption_fonts.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace cutqueue::render {

struct caption_image {
  int width = 0, height = 0; ///< 0 x 0: nothing to draw
  std::vector<uint8_t> rgba; ///< width x height x 4, straight (non-premultiplied) alpha
  /// The image point that lands on the caption's position: the centre of the text block (its
  /// lines at their line advance, the widest line), not of the ink, so a shadow or a descender
  /// never moves the text. Always on a pixel corner (whole numbers); may lie outside the image
  /// for text that draws little.
  double anchor_x = 0, anchor_y = 0;

  bool empty() const { return width == 0 || height == 0; }
};

/// Longest side and largest area of a caption image: a caption that would be bigger (absurd
/// sizes or scales) is drawn smaller, to fit, and says so in its notes.
constexpr int max_caption_side = 4096;
constexpr int64_t max_caption_area = 4096 * 1024;

/// Renders caption `t` at its final pixel size on a `canvas_w` x `canvas_h` video, `scale_x` and
/// `scale_y` being the segment's clip scale (glyphs are rasterised at that size, sharp, rather
/// than scaled up; a negative scale is a flip, which the caller applies). Subtitles
/// (`auto_wrap`) wrap at line_max_width x the canvas width, other text only when a line is
/// wider than the canvas (then at 90 % of it), explicit newlines always; widths are in the
/// caption's own, unscaled frame, as Jianying scales a laid-out caption. A 花字 (text effect)
/// fills the text with the operator's texture (fonts.text_effect_texture), else gets the
/// colours its name spells (text_effect_looks.hpp). What it draws approximately or cannot
/// honour (fonts by Jianying id without a file, characters no font has) is appended to `notes`
/// (may be null; `where` left empty), each once. `cache` keeps FreeType faces across calls.
caption_image rasterize_caption(const draft::text_material& t, int canvas_w, int canvas_h,
                                double scale_x, double scale_y, const caption_fonts_for& fonts,
                                caption_font_cache& cache,
                                std::vector<draft::unsupported_feature>* notes);

/// `img` padded with transparent pixels so that its anchor is its exact centre, for overlays
/// that place a picture by its centre (render/layer_plan.hpp's caption_picture).
caption_image centred_on_anchor(const caption_image& img);

} // namespace cutqueue::render
