// The picture of a draft as layers, before any FFmpeg syntax: which segment draws where, frame
// by frame. Keyframes, animations and transitions all end up as per-frame states here, so the
// graph builder only has to turn states into filters.
#pragma once

#include "draft/model.hpp"
#include "render/frame_clock.hpp"
#include "render/media_probe.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace cutqueue::render {

/// What a layer looks like on one output frame.
struct frame_state {
  double cx = 0, cy = 0; ///< centre on the canvas, pixels, +y down
  double w = 0, h = 0;   ///< drawn size before rotation, pixels
  double rotation = 0;   ///< degrees, clockwise
  double alpha = 1;      ///< 0..1
  double saturation = 0; ///< Jianying's -1..1 adjustments; 0 leaves the picture alone
  double contrast = 0;
  double brightness = 0;
  double reveal = 1;   ///< fraction shown by a wipe (typewriter, 擦除), from `reveal_from`
  int reveal_from = 0; ///< 0 left, 1 right, 2 top, 3 bottom

  bool same_geometry(const frame_state& o) const;
  bool same_look(const frame_state& o) const;
};

enum class layer_source { media, caption };

/// How a layer is shaped over its whole life: a window of it (render/plan_window.hpp) keeps
/// these so that each of its frames comes out as in the whole render, not re-planned for the
/// frames it happens to hold.
struct layer_traits {
  bool moves = false, restyles = false, turns = false, spins = false, fades = false;
  bool colours = false;
  bool wipes_from[4] = {false, false, false, false};
  int work_w = 0, work_h = 0;  ///< layer_work_size of the whole layer
  double box_w = 0, box_h = 0; ///< the rotated box, when it turns
};

struct visual_layer {
  const draft::segment* seg = nullptr;
  layer_source source = layer_source::media;
  std::string material_path; ///< media layers: the material's path as written in the draft
  bool photo = false;
  bool looped = false;             ///< an animated sticker: its file repeats over the segment
  bool see_through = false;        ///< the picture itself has transparent pixels
  int src_w = 0, src_h = 0;        ///< picture size of the media (or the caption picture)
  double base_w = 0, base_h = 0;   ///< drawn size at clip scale 1: aspect-fitted media, or the
                                   ///< caption picture at the scale it was drawn for
  std::string picture_png;         ///< caption layers: the caption picture, PNG-encoded
  int64_t f0 = 0, f1 = 0;          ///< output frames the layer is drawn on, [f0, f1)
  int64_t seg_f0 = 0, seg_f1 = 0;  ///< the segment's own frames; outside them the picture holds
  std::vector<frame_state> frames; ///< one per frame of [f0, f1)
  bool flip_h = false, flip_v = false;
  const draft::mask_material* mask = nullptr;
  /// Frames of the whole layer cut off before a window's start: its picture starts that far in.
  int64_t skip = 0;
  /// Set for a window's layers: the whole layer's shaping. Null: computed from `frames`.
  std::shared_ptr<const layer_traits> traits;

  const frame_state& at(int64_t frame) const { return frames[static_cast<size_t>(frame - f0)]; }
  bool static_geometry() const;
  bool static_look() const;
  /// Drawn unchanged over the whole canvas, opaque: can be a piece of the bottom layer.
  bool covers_canvas(int canvas_w, int canvas_h) const;
};

/// A transition between two layers of one track, drawn over the frames [f0, f1) around the cut.
struct transition_plan {
  size_t from = 0, to = 0; ///< layer indexes
  int64_t f0 = 0, f1 = 0;
  const draft::transition_material* material = nullptr;
  std::string xfade;  ///< FFmpeg xfade kind, or empty with `custom`
  std::string custom; ///< spin_cw, spin_ccw, zoom_out
};

/// A filter or effect segment of a filter/effect track: a look applied to everything drawn
/// below it (the composite of layers [0, above)) over the output frames [f0, f1).
struct look_layer {
  const draft::segment* seg = nullptr;
  size_t above = 0;
  int64_t f0 = 0, f1 = 0;
  /// FFmpeg filters for frames with timeline timestamps (t in seconds from the draft's start);
  /// they keep the size, the frame count and every timestamp.
  std::string chain;
  double intensity = 1; ///< the look mixed over the picture below: 1 = the look alone
};

/// Operator resource files an export found for the draft (render/resource_folder.hpp).
struct look_sources {
  std::map<std::string, std::string> luts;     ///< filter resource material id -> .cube file
  std::map<std::string, std::string> stickers; ///< sticker resource material id -> local file
  /// A decoded copy's operator file, for the log (an animated WebP decoded to raw frames).
  std::map<std::string, std::string> origins;
};

struct picture_plan {
  int width = 0, height = 0;
  frame_clock clock;
  int64_t frames = 0; ///< output length in frames
  /// The draft's frame shown as this plan's frame 0: the start of a window, else 0. Looks that
  /// read the time see the draft's time through it.
  int64_t origin = 0;
  std::vector<visual_layer> layers; ///< bottom to top
  std::vector<transition_plan> transitions;
  std::vector<look_layer> looks; ///< by `above`, then bottom to top
  /// Features drawn approximately or not at all, for the task's log.
  std::vector<draft::unsupported_feature> notes;
};

/// Probe results of every local material, keyed by the material path as written in the draft.
using probed_materials = std::map<std::string, probe_info>;

/// A caption drawn as a picture (render/text_raster.hpp) at the segment's largest clip scale, so
/// it is only ever scaled down. Its anchor (the text block's centre) is the picture's centre.
struct caption_picture {
  std::string png; ///< the picture, encoded
  int width = 0, height = 0;
  double scale_x = 1, scale_y = 1;
  /// What of the caption it drew approximately or not at all (`where` is filled in later).
  std::vector<draft::unsupported_feature> notes;
};

/// Draws a text segment's caption at the given clip scale; false when there is nothing to draw.
using caption_drawer =
    std::function<bool(const draft::segment& seg, const draft::text_material& text, double scale_x,
                       double scale_y, caption_picture& out)>;

/// Lays out the draft's visual segments, captions, stickers and looks (filter and effect
/// tracks), bottom to top. Segments whose material is missing or has no picture are left out
/// and named in `notes`; so are stickers without a file in `sources` and looks without a
/// rendering. Sticker files must be in `probed` under their local path.
picture_plan plan_picture(const draft::document& d, const probed_materials& probed,
                          const caption_drawer& draw_caption, const look_sources& sources = {});

/// Whether a sticker file is a single picture (PNG, still WebP) rather than an animation.
bool still_sticker(const std::string& path);

/// The look of a filter or effect segment, with the note that says how close it is. False (the
/// note then says "not drawn") when there is no rendering for it.
bool plan_look(const draft::document& d, const draft::segment& s, const look_sources& sources,
               const picture_plan& plan, look_layer& out, draft::unsupported_feature& note);

} // namespace cutqueue::render
