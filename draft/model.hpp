// A typed view of the parts of a CapCut/Jianying draft_content.json that change the picture or
// the sound. Times are microseconds, as in the draft. Anything the model does not hold is named
// in `unsupported`, so that nothing a draft asks for is dropped without a log line.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
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

/// The properties a keyframe list (`common_keyframes[].property_type`) can animate.
enum class keyframe_property {
  position_x,    ///< KFTypePositionX: half-canvas units, +x right (as clip.transform.x)
  position_y,    ///< KFTypePositionY: half-canvas units, +y up
  scale_x,       ///< KFTypeScaleX: multiplies the aspect-fitted width (both axes when uniform)
  scale_y,       ///< KFTypeScaleY
  uniform_scale, ///< UNIFORM_SCALE, as some generators write it: both axes
  rotation,      ///< KFTypeRotation: degrees, clockwise
  alpha,         ///< KFTypeAlpha: 0..1, as clip.alpha
  saturation,    ///< KFTypeSaturation: -1..1, 0 = unchanged
  contrast,      ///< KFTypeContrast: -1..1
  brightness,    ///< KFTypeBrightness: -1..1
  volume,        ///< KFTypeVolume: linear gain, as segment.volume
};

struct keyframe {
  int64_t time_offset = 0; ///< microseconds of the segment's source, from its source start
  double value = 0.0;
};

/// One animated property of a segment: its keyframes sorted by time_offset (ties keep file
/// order). Never empty once parsed.
struct keyframe_list {
  keyframe_property property = keyframe_property::alpha;
  std::vector<keyframe> points;
};

/// A mask of `materials.masks[]` (add_masks). Units as pyJianYingDraft writes them.
struct mask_material {
  std::string id;
  std::string name;          ///< 线性, 镜面, 圆形, 矩形, 爱心, 星形
  std::string resource_type; ///< line, mirror, circle, rectangle, geometric_shape, ...
  std::string resource_id;
  double center_x = 0.0, center_y = 0.0; ///< half-material units, +x right, +y up
  double width = 1.0, height = 1.0;      ///< fractions of the material's width / height
  double aspect_ratio = 1.0;
  double rotation = 0.0;     ///< degrees, clockwise
  double feather = 0.0;      ///< 0..1
  double round_corner = 0.0; ///< 0..1, rectangles
  bool invert = false;
};

/// A transition of `materials.transitions[]`, referenced from the segment before the cut.
struct transition_material {
  std::string id;
  std::string name; ///< Jianying's name, e.g. 叠化, 闪黑, 向左
  std::string resource_id;
  std::string effect_id;
  int64_t duration = 0; ///< microseconds
  bool is_overlap = true;
};

/// One entry of a `materials.material_animations[].animations` list.
struct animation {
  std::string name; ///< Jianying's name, e.g. 渐显, 闪烁
  std::string type; ///< "in", "out", "loop" (text), "group" (photo/video loop)
  std::string resource_id;
  std::string material_type; ///< "video" (photo/video panels) or "sticker" (text panels)
  int64_t start = 0;         ///< microseconds from the segment's start
  int64_t duration = 0;      ///< microseconds; for loops one cycle
};

struct animation_material {
  std::string id;
  std::vector<animation> animations;
};

/// A solid colour with its opacity, channels 0..1.
struct rgba {
  double r = 1.0, g = 1.0, b = 1.0, a = 1.0;
};

/// One entry of a text content's `styles[]`: how the characters of its range look.
struct text_style {
  /// The range exactly as written (`range: [begin, end]`). capcut-mate writes the base style in
  /// UTF-16 bytes and keyword styles in characters; CapCut reads UTF-16 code units and clamps,
  /// which render/ does (text_ranges.hpp).
  int64_t range_begin = 0, range_end = 0;
  double size = 15.0; ///< Jianying font size
  rgba fill;
  std::string font_id;   ///< `font.id`: a Jianying font resource id
  std::string font_path; ///< `font.path` as written (a path on the author's machine)
  bool bold = false, italic = false, underline = false;
  bool has_stroke = false;
  rgba stroke{0, 0, 0, 1};
  double stroke_width = 0.0; ///< Jianying units (0.08 is capcut-mate's border)
  bool has_shadow = false;
  rgba shadow{0, 0, 0, 0.9};
  double shadow_distance = 5.0; ///< Jianying units, 0..100
  double shadow_angle = -45.0;  ///< degrees, counter-clockwise from +x (-45: down-right)
  double shadow_diffuse = 0.0;  ///< blur, 0..1 (capcut-mate: shadow_info.diffuse / 600)
  std::string effect_id;        ///< `effectStyle.id`: a 花字 (text effect) resource
};

enum class track_type { video, audio, text, filter, effect, sticker, other };

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
  std::vector<keyframe_list> keyframes; ///< common_keyframes, one list per property
  bool uniform_scale = true;            ///< `uniform_scale.on`: a ScaleX keyframe drives both axes
  std::string mask_id;                  ///< first extra_material_ref into materials.masks
  std::string transition_id;            ///< ... into materials.transitions (the cut after it)
  std::string animation_id;             ///< ... into materials.material_animations
  std::vector<std::string> effect_refs; ///< refs into effects / audio_effects / ... lists
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
  /// Every styles[] entry in file order (later entries win where ranges overlap). A text
  /// without styles gets one whole-text style from the material's legacy fields.
  std::vector<text_style> styles;
  double global_alpha = 1.0;    ///< multiplies the whole caption's opacity
  double letter_spacing = 0.0;  ///< extra advance per character, in ems
  double line_spacing = 0.02;   ///< extra space between lines, in ems
  bool vertical = false;        ///< typesetting 1: characters stacked in columns
  int alignment = 1;            ///< 0 left, 1 centre, 2 right
  bool auto_wrap = false;       ///< type "subtitle": lines wrap at line_max_width
  double line_max_width = 0.82; ///< fraction of the canvas width

  /// The base (first) style, which the whole caption falls back to.
  const text_style& base() const;
};

/// A Jianying resource that a draft names but whose look lives in the Jianying app: filters,
/// video effects, stickers, text effects (花字), audio effects.
struct resource_material {
  std::string id;
  std::string list;        ///< the materials list it came from, e.g. "effects", "stickers"
  std::string type;        ///< its `type`, e.g. "filter", "video_effect", "text_effect"
  std::string name;        ///< Jianying's name where the draft has one
  std::string resource_id; ///< or sticker_id
  double value = 1.0;      ///< filter intensity 0..1
  /// adjust_params / audio_adjust_params by name, e.g. effects_adjust_blur -> 0.5
  std::map<std::string, double> params;
};

/// How much of a feature the video shows.
enum class drawn {
  not_at_all,    ///< skipped: counts for --unsupported-features fail
  approximately, ///< a look of cutqueue's own standing in for a Jianying resource
  exactly,       ///< from the resource itself (an operator's file)
};

/// A draft feature the renderer does not draw as Jianying would, named for the task's log and,
/// when not drawn at all, for --unsupported-features fail.
struct unsupported_feature {
  unsupported_feature() = default;
  unsupported_feature(std::string f, std::string w, drawn h = drawn::not_at_all, std::string d = {})
      : feature(std::move(f)), where(std::move(w)), how(h), detail(std::move(d)) {}

  std::string feature; ///< what, e.g. "filter 冷蓝", "materials.chromas", "keyframe KFTypeFoo"
  std::string where;   ///< on what, e.g. "segment 1a2b", "track filter_track_3"
  drawn how = drawn::not_at_all;
  std::string detail; ///< how it was drawn: the look's family, or the resource file
};

struct document {
  int width = 0, height = 0;
  double fps = 30.0;
  int64_t duration = 0;      ///< microseconds, the output length
  std::vector<track> tracks; ///< in file order (bottom to top)
  std::map<std::string, video_material> videos;
  std::map<std::string, audio_material> audios;
  std::map<std::string, text_material> texts;
  std::map<std::string, mask_material> masks;
  std::map<std::string, transition_material> transitions;
  std::map<std::string, animation_material> animations;
  std::map<std::string, resource_material> resources; ///< by id, from every resource list
  /// What the parser found and does not model at all; the renderer adds what it models but
  /// cannot draw.
  std::vector<unsupported_feature> unsupported;
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
/// segments, skipping muted tracks and volume 0 (unless volume keyframes raise it).
std::vector<placed_segment> sound_segments(const document& d);

/// Material paths of all materials referenced by a segment, deduplicated, in first-use order.
std::vector<std::string> used_material_paths(const document& d);

} // namespace cutqueue::draft
