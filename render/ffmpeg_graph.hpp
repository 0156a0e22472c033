// Turns a parsed draft whose materials are local files into one FFmpeg command: a black canvas,
// every visual segment trimmed/retimed/fitted/placed/blended in render_index order, captions
// drawn with drawtext, every sound trimmed/retimed (pitch kept)/gain-adjusted/placed and summed.
// A pure function of its inputs so it can be unit-tested without running FFmpeg.
#pragma once

#include "draft/model.hpp"
#include "render/media_probe.hpp"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace cutqueue::render {

/// A material's local file and what probing found in it.
struct material_source {
  std::string local_path;
  probe_info info;
};

struct graph_config {
  std::string ffmpeg = "ffmpeg";
  std::string x264_preset = "veryfast";
  std::string font_file;      ///< regular CJK-capable font for captions
  std::string bold_font_file; ///< used for bold styles; empty = font_file
  /// Slanted faces for italic styles, used when they cover every character of the caption
  /// (see fonts.hpp); empty: italic is logged as skipped.
  std::string italic_font_file, bold_italic_font_file;
  /// Advance in pixels of a character of `font_file` at `font_px`, for wrapping and aligning
  /// caption lines; empty: estimated from the character class (caption_layout.hpp).
  std::function<double(const std::string& font_file, char32_t c, int font_px)> glyph_advance;
  /// Whether `font_file` has a glyph for `c`; decides if a slanted face can draw an italic
  /// caption. Empty: it is assumed not to, and italic stays upright.
  std::function<bool(const std::string& font_file, char32_t c)> has_glyph;
  std::string work_dir;    ///< where the filter script and caption text files go
  std::string output_path; ///< written as MP4 whatever its extension (".part" is fine)
};

/// A file the caller must write before running the command.
struct job_file {
  std::string path;
  std::string content;
};

struct ffmpeg_job {
  std::vector<std::string> argv;    ///< argv[0] = cfg.ffmpeg; no shell involved
  std::string filter_graph;         ///< also in `files` as the -filter_complex_script
  std::vector<job_file> files;      ///< filter script + one text file per caption
  std::vector<std::string> skipped; ///< one line per thing not rendered, for the log
};

/// Builds the command. `sources` maps a material `path` as written in the draft to its local
/// file; segments whose material is missing there are skipped (and listed in `skipped`).
/// Returns false with `error` set only when nothing sensible can be built.
bool build_ffmpeg_job(const draft::document& d,
                      const std::map<std::string, material_source>& sources,
                      const graph_config& cfg, ffmpeg_job& out, std::string& error);

/// Escapes a string for use as an option value inside a filtergraph description (both levels
/// of FFmpeg's escaping: option value, then filtergraph). Exposed for tests.
std::string escape_filter_value(const std::string& s);

/// Caption font size in pixels for a Jianying text `size` on a canvas `canvas_height` tall.
int caption_font_px(double size, int canvas_height);

} // namespace cutqueue::render
