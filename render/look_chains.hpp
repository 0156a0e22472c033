// FFmpeg renderings of the resource look families (resource_looks.hpp): the family table's
// chain templates expanded for a canvas, an effect window and a draft's parameters. The graph
// builder applies a video chain to the composite under the effect's window (blending by the
// filter's intensity) and an audio chain to the sound of the segment carrying the effect, padded
// by the family's tail.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace cutqueue::render {

/// The chain of a video family, for a yuv420p canvas of `W` x `H` during the effect window
/// [`t0`, `t1`] in seconds. The window is in the timestamps the chain sees: the timeline's when
/// the section keeps them, 0 and the window's length when it was re-timed to start at 0.
/// Time-varying looks (flashes, shakes, zooms, fades) run relative to `t0`.
///
/// The chain keeps the frame size, the frame count and every timestamp, and ends with
/// `format=yuv420p`. Parameters are read by name (`effects_adjust_blur`...): `params` (the
/// draft's merged over the catalogue's, see look_params()), else the family's default, clamped
/// to the family's range; names the family does not use are ignored. Returns "" when `family`
/// is not a video family (and so for "", no look). Throws std::invalid_argument when W or H is
/// not positive or t1 < t0.
std::string video_look_chain(const std::string& family, const std::map<std::string, double>& params,
                             int W, int H, double t0, double t1);

/// An audio family's rendering.
struct audio_look {
  /// A chain for stereo fltp 48 kHz, ending with an aformat back to that; "" for no look.
  std::string filters;
  /// Seconds the chain keeps sounding after its input ends (echoes, reverbs): the segment needs
  /// that much silence appended before the chain, or its echo is cut.
  double tail_s = 0;
};

/// The rendering of an audio family with the effect's `audio_adjust_params`. Jianying's other
/// parameter names (强弱, 强度, strength -> change_voice_param_strength; 深度, 频率, 幅度...) are
/// read as the table's change_voice_param_* names; the canonical name wins when both are given.
/// Missing values take the family's default, all are clamped to its range. An empty look when
/// `family` is not an audio family.
audio_look audio_look_chain(const std::string& family, const std::map<std::string, double>& params);

/// The video families, in table order.
std::vector<std::string> video_look_families();
/// The audio families, in table order.
std::vector<std::string> audio_look_families();
/// How close a family is to Jianying's look, e.g. "close: Gaussian blur, ..." (for reports);
/// "" for an unknown family.
std::string look_family_closeness(const std::string& family);
/// A family's chain template as the table holds it (placeholders unexpanded); "" when unknown.
std::string look_family_template(const std::string& family);
/// A family's parameters and their defaults.
std::map<std::string, double> look_family_defaults(const std::string& family);

} // namespace cutqueue::render
