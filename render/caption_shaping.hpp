// Lays a caption out: wraps its characters into lines (or vertical columns) with the rules of
// caption_layout.hpp, shapes each run of one style and one face with HarfBuzz, and places every
// glyph and underline in the caption's block. Pixels, +y down, origin at the block's top left.
#pragma once

#include "render/caption_faces.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace cutqueue::render {

/// The pixel size of a style in the image: Jianying size -> px, times the clip's scale.
struct run_size {
  double px_x = 0, px_y = 0;
};

/// One glyph to draw, at its pen origin on the baseline.
struct placed_glyph {
  caption_face* face = nullptr;
  unsigned glyph_id = 0;
  double x = 0, y = 0;
  run_size size;
  size_t style = 0;
  bool synthetic_bold = false, synthetic_italic = false;
};

/// An underline (or, in vertical text, the side line right of the characters).
struct placed_bar {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  size_t style = 0;
};

struct caption_block {
  std::vector<placed_glyph> glyphs;
  std::vector<placed_bar> bars;
  /// The layout box: lines (columns) at their line advance, the widest line (tallest column).
  /// Its centre is where the caption's position lands, wherever ink, stroke or shadow reach.
  double width = 0, height = 0;
  std::u32string missing;      ///< characters no font has (drawn as gaps), each once
  bool shaping_failed = false; ///< HarfBuzz gave nothing for a run: plain advances were used
};

struct block_rules {
  double letter_spacing = 0; ///< extra advance between characters, in ems of each character
  double line_spacing = 0;   ///< line advance = largest px on the line x (1.2 + line_spacing)
  int alignment = 1;         ///< 0 left/top, 1 centre, 2 right/bottom within the block
  bool vertical = false;     ///< columns of upright characters, right to left
  /// Lines (columns) break at `wrap_at` pixels when one is longer than `wrap_if_over`;
  /// explicit newlines always break. 0: no limit.
  double wrap_at = 0, wrap_if_over = 0;
};

/// Lays out `chars`, character i drawn in style `style_of[i]` (an index into `faces` and
/// `sizes`, one entry per style).
caption_block lay_out_caption(const std::u32string& chars, const std::vector<size_t>& style_of,
                              const std::vector<face_candidates>& faces,
                              const std::vector<run_size>& sizes,
                              const std::vector<bool>& underline, const block_rules& rules);

/// Where the baseline lies below the top of a horizontal line, in ems of its largest character:
/// the convention captions were always drawn with (Latin and CJK faces put it about there).
constexpr double line_ascent_em = 0.8;
/// Synthetic bold grows outlines, and advances, by this many ems (FreeType's
/// FT_GlyphSlot_Embolden strength), so emboldened letters keep their spacing.
constexpr double synthetic_bold_em = 1.0 / 24;
/// Underline band below the baseline, in ems of its run.
constexpr double underline_top_em = 0.08, underline_thickness_em = 0.06;

} // namespace cutqueue::render
