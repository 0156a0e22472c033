// A typed view of the parts of a CapCut/Jianying draft_content.json that the renderer uses.
// Times are microseconds, as in the draft. Everything the renderer cannot draw is kept as a list
// of human-readable notes so the pipeline can log each skipped feature once.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cutqueue::draft {

struct timerange {
  int64_t start = 0;    ///< microseconds
  int64_t duration = 0; ///< microseconds
  int64_t end() const { return start + duration; }
};

/// Placement of a visual segment. transform is in half-canvas units, +y up (Jianying).
struct clip_settings {
  double alpha = 1.0;
  bool flip_h = false;
  bool flip_v = false;
  double rotation = 0.0; ///< degrees, clockwise
  double scale_x = 1.0, scale_y = 1.0;
  double transform_x = 0.0, transform_y = 0.0;
};

enum class track_type { video, audio, text, other };

struct segment {
  std::string id;
  std::string material_id;
  timerange target;
  bool has_source = false; ///< text segments have no source range
  timerange source;
  double speed = 1.0;
  double volume = 1.0;
  int render_index = 0;
  bool visible = true;
  clip_settings clip;
};

struct track {
  std::string id;
  std::string name;
  track_type type = track_type::other;
  std::string type_name; ///< as written, for log lines about unsupported tracks
  bool muted = false;    ///< attribute bit 0
  std::vector<segment> segments;
};

enum class visual_kind { video, photo };

struct video_material {
  std::string id;
  std::string path; ///< as written in the draft (server path or URL)
  visual_kind kind = visual_kind::video;
  int width = 0, height = 0;
  int64_t duration = 0;
};

struct audio_material {
  std::string id;
  std::string path;
  int64_t duration = 0;
};

struct text_material {
  std::string id;
  std::string text; ///< UTF-8
  double size = 15.0;
  double color_r = 1.0, color_g = 1.0, color_b = 1.0; ///< 0..1
  double color_alpha = 1.0;
  bool has_stroke = false;
  double stroke_r = 0.0, stroke_g = 0.0, stroke_b = 0.0;
  double stroke_width = 0.0; ///< Jianying units (0.08 is a thin outline)
  bool has_shadow = false;
  double shadow_r = 0.0, shadow_g = 0.0, shadow_b = 0.0;
  double shadow_alpha = 0.9;
  double shadow_distance = 5.0; ///< Jianying units, 0..100
  double shadow_angle = -45.0;  ///< degrees, counter-clockwise from +x (-45: down-right)
  bool bold = false;
  bool italic = false;
  int alignment = 1;            ///< 0 left, 1 centre, 2 right
  bool auto_wrap = false;       ///< type "subtitle": lines wrap at line_max_width
  double line_max_width = 0.82; ///< fraction of the canvas width
  double line_spacing = 0.02;   ///< extra space between lines, in ems
};

struct document {
  int width = 0, height = 0;
  double fps = 30.0;
  int64_t duration = 0;      ///< microseconds, the output length
  std::vector<track> tracks; ///< in file order (bottom to top)
  std::map<std::string, video_material> videos;
  std::map<std::string, audio_material> audios;
  std::map<std::string, text_material> texts;
  /// One line per feature the renderer skips ("segment <id>: keyframes", "materials.effects").
  std::vector<std::string> unsupported;
};

/// A segment together with the track it lives on, for ordering across tracks.
struct placed_segment {
  const track* on_track = nullptr;
  const segment* seg = nullptr;
};

/// Visual (video/photo) segments of every video track that have a known material, sorted
/// bottom to top: by render_index, ties by track order then timeline order (stable).
std::vector<placed_segment> visual_segments(const document& d);

/// Text segments with a known text material, sorted like visual_segments.
std::vector<placed_segment> text_segments(const document& d);

/// Every segment that may carry sound: video segments (their material's audio) and audio-track
/// segments, skipping muted tracks and volume 0.
std::vector<placed_segment> sound_segments(const document& d);

/// Material paths of all materials referenced by a segment, deduplicated, in first-use order.
std::vector<std::string> used_material_paths(const document& d);

} // namespace cutqueue::draft
