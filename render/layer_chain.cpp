#include "render/layer_chain.hpp"

#include "render/curve.hpp"
#include "render/ffmpeg_text.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace cutqueue::render {

namespace {

constexpr double pi = 3.14159265358979323846;

std::string secs(int64_t us) {
  return decimal(static_cast<double>(us) / 1e6, 6);
}

bool rotated(double degrees) {
  return std::fabs(std::fmod(degrees, 360.0)) > 1e-3;
}

int px(double v) {
  return std::max(1, static_cast<int>(std::lround(v)));
}

/// Jianying's -1..1 colour adjustments as eq's parameters (0 leaves the picture alone).
/// Saturation and contrast scale around 1; brightness is an offset of the normalised level,
/// damped because Jianying's full +1 brightens strongly but does not turn a picture white.
double eq_saturation(double s) {
  return 1.0 + s;
}
double eq_contrast(double c) {
  return 1.0 + c;
}
double eq_brightness(double b) {
  return 0.3 * b;
}

/// The source part of a video layer: its source range, retimed, at the canvas rate, with its
/// first picture held before the segment and its last one after, exactly l.f1 - l.f0 frames.
/// Canvas frame n of the segment shows the source picture nearest src.start + n * speed / fps,
/// timed from the source start itself (not from the first picture decoded after it), so a
/// window's layer that starts inside its segment (render/plan_window.hpp) can read from shortly
/// before the frame it needs, drop the frames up to it, and show the same pictures.
void video_source(std::ostream& g, const visual_layer& l, size_t input, const input_table& inputs,
                  const frame_clock& clock) {
  const draft::segment& s = *l.seg;
  const draft::timerange src = source_range(s);
  const source_window w = source_window_of(l, clock, inputs.kind(input) == input_kind::media);
  const int64_t first_us = inputs.first_us(input);
  g << "trim=start=" << secs(w.read_from_us - first_us)
    << ":duration=" << secs(src.end() - w.read_from_us) << ",setpts=PTS-"
    << secs(src.start - first_us) << "/TB";
  if (std::fabs(s.speed - 1.0) > 1e-6)
    g << ",setpts=PTS/" << decimal(s.speed, 6);
  g << ",fps=" << clock.rate() << ":start_time=0";
  if (w.drop_frames > 0)
    g << ",trim=start_frame=" << w.drop_frames << ",setpts=PTS-STARTPTS";
  g << ",tpad=stop_mode=clone:stop=-1";
  if (l.seg_f0 > l.f0)
    g << ":start_mode=clone:start=" << (l.seg_f0 - l.f0);
  g << ",trim=end_frame=" << (l.f1 - l.f0);
}

/// One sendcmd line per frame whose values change, at half a frame before it so that rounding
/// of timestamps can never move a command to the neighbouring frame.
class command_script {
public:
  void at_frame(int64_t k, double fps, const std::string& commands) {
    if (commands.empty())
      return;
    out_ << decimal((static_cast<double>(k) - 0.5) / fps, 6) << " [enter] " << commands << ";\n";
  }
  bool empty() const { return out_.str().empty(); }
  std::string text() const { return out_.str(); }

private:
  std::ostringstream out_;
};

} // namespace

draft::timerange source_range(const draft::segment& s) {
  if (s.has_source && s.source.duration > 0)
    return s.source;
  return {0, static_cast<int64_t>(std::llround(static_cast<double>(s.target.duration) * s.speed))};
}

source_window source_window_of(const visual_layer& l, const frame_clock& clock, bool seekable) {
  const draft::timerange src = source_range(*l.seg);
  source_window w;
  w.read_from_us = src.start;
  w.drop_frames = std::max<int64_t>(0, l.f0 - l.seg_f0);
  if (w.drop_frames > 0 && seekable) {
    // Half a second of slack: the canvas-rate frame nearest a time may come from a source
    // frame a little before it.
    const double needed = static_cast<double>(clock.micros(w.drop_frames)) * l.seg->speed;
    const int64_t slack = static_cast<int64_t>(500000 * std::max(l.seg->speed, 1.0));
    w.read_from_us =
        std::clamp<int64_t>(src.start + static_cast<int64_t>(needed) - slack, src.start, src.end());
  }
  return w;
}

work_size layer_work_size(const visual_layer& l, int canvas_w, int canvas_h) {
  if (l.traits)
    return {l.traits->work_w, l.traits->work_h};
  if (l.static_geometry() && !l.frames.empty())
    return {px(l.frames.front().w), px(l.frames.front().h)};
  double w = 0, h = 0;
  for (const auto& f : l.frames) {
    w = std::max(w, f.w);
    h = std::max(h, f.h);
  }
  // Beyond a few canvases a layer is mostly off screen; its detail there is never seen.
  const double limit_w = 3.0 * std::max(canvas_w, canvas_h), limit_h = limit_w;
  const double shrink = std::min({1.0, limit_w / std::max(w, 1.0), limit_h / std::max(h, 1.0)});
  return {px(w * shrink), px(h * shrink)};
}

layer_traits traits_of(const visual_layer& l, int canvas_w, int canvas_h) {
  layer_traits tr;
  if (l.frames.empty())
    return tr;
  const frame_state& first = l.frames.front();
  tr.moves = !l.static_geometry();
  tr.restyles = !l.static_look();
  for (const auto& f : l.frames) {
    tr.turns = tr.turns || rotated(f.rotation);
    tr.spins = tr.spins || std::fabs(f.rotation - first.rotation) > 1e-6;
    tr.fades = tr.fades || f.alpha < 0.999;
    tr.colours = tr.colours || std::fabs(f.saturation) > 1e-6 || std::fabs(f.contrast) > 1e-6 ||
                 std::fabs(f.brightness) > 1e-6;
    // The edges a wipe uncovers the picture from (render/animation_state.hpp: reveal_from).
    if (f.reveal < 1.0)
      tr.wipes_from[std::clamp(f.reveal_from, 0, 3)] = true;
  }
  const work_size ws = layer_work_size(l, canvas_w, canvas_h);
  tr.work_w = ws.w;
  tr.work_h = ws.h;
  // Rotation grows the frame to the largest rotated box it needs; corners stay transparent.
  if (tr.turns) {
    for (const auto& f : l.frames) {
      const double rad = f.rotation * pi / 180.0;
      tr.box_w =
          std::max(tr.box_w, std::fabs(f.w * std::cos(rad)) + std::fabs(f.h * std::sin(rad)));
      tr.box_h =
          std::max(tr.box_h, std::fabs(f.w * std::sin(rad)) + std::fabs(f.h * std::cos(rad)));
    }
    tr.box_w = std::ceil(tr.box_w) + 2;
    tr.box_h = std::ceil(tr.box_h) + 2;
  }
  return tr;
}

layer_frames emit_layer(chain_context& ctx, size_t index, size_t input, const std::string& tap,
                        size_t mask_input) {
  const visual_layer& l = ctx.plan.layers[index];
  const frame_clock& clock = ctx.plan.clock;
  const int W = ctx.plan.width, H = ctx.plan.height;
  const int id = ctx.serial++;
  const std::string tag = std::to_string(id);
  auto& g = ctx.graph;
  const frame_state& first = l.frames.front();
  const layer_traits tr = l.traits ? *l.traits : traits_of(l, W, H);
  const bool moves = tr.moves, restyles = tr.restyles, turns = tr.turns, fades = tr.fades,
             colours = tr.colours;
  const bool* wipes_from = tr.wipes_from;
  const bool wipes = wipes_from[0] || wipes_from[1] || wipes_from[2] || wipes_from[3];
  const bool keeps_alpha = l.see_through || mask_input != SIZE_MAX || turns || fades || wipes;

  // Sizes: drawn straight at the final size when nothing moves, else at the largest size and
  // scaled down frame by frame.
  const work_size ws =
      moves ? work_size{tr.work_w, tr.work_h} : work_size{px(first.w), px(first.h)};
  const bool still = l.source == layer_source::caption || l.photo;

  // -- the picture, shaped once where it does not change -------------------------------------
  g << tap;
  if (!still) {
    video_source(g, l, input, ctx.inputs, clock);
    g << ",";
  }
  g << "scale=" << ws.w << ":" << ws.h;
  if (l.flip_h)
    g << ",hflip";
  if (l.flip_v)
    g << ",vflip";
  g << (keeps_alpha ? ",format=yuva420p" : ",format=yuv420p");
  std::string label = "[c" + tag + "a]";
  g << label << ";\n";
  if (mask_input != SIZE_MAX) {
    const std::string mask_tap = ctx.inputs.take_video(mask_input);
    const std::string masked = "[c" + tag + "m]";
    if (l.see_through) {
      // A transparent picture keeps its own holes: mask and picture alpha multiply.
      g << label << "split[c" << tag << "p][c" << tag << "q];\n"
        << "[c" << tag << "q]alphaextract[c" << tag << "e];\n"
        << mask_tap << "format=gray[c" << tag << "k];\n"
        << "[c" << tag << "e][c" << tag << "k]blend=all_mode=multiply[c" << tag << "x];\n"
        << "[c" << tag << "p][c" << tag << "x]alphamerge" << masked << ";\n";
    } else {
      g << mask_tap << "format=gray[c" << tag << "k];\n"
        << label << "[c" << tag << "k]alphamerge" << masked << ";\n";
    }
    label = masked;
  }
  g << label;
  if (still)
    g << "loop=loop=" << (l.f1 - l.f0 - 1) << ":size=1,";
  g << "settb=" << clock.time_base() << ",setpts=N";

  // -- what changes from frame to frame ------------------------------------------------------
  command_script cmds;
  const std::string eq_name = "eq@c" + tag, lut_name = "lutyuv@a" + tag,
                    scale_name = "scale@s" + tag, rotate_name = "rotate@r" + tag;
  std::ostringstream chain;
  if (colours)
    chain << "," << (restyles ? eq_name : std::string("eq"))
          << "=saturation=" << decimal(eq_saturation(first.saturation), 4)
          << ":contrast=" << decimal(eq_contrast(first.contrast), 4)
          << ":brightness=" << decimal(eq_brightness(first.brightness), 4);
  if (fades)
    chain << "," << (restyles ? lut_name : std::string("lutyuv")) << "=a=val*"
          << decimal(first.alpha, 4);
  // A wipe crops the picture to its uncovered part and pads it back, transparent, to its full
  // size, anchored on the edge the wipe starts from; one crop per edge the layer wipes from.
  static const char* const crop_x[] = {"0", "in_w-out_w", "0", "0"};
  static const char* const crop_y[] = {"0", "0", "0", "in_h-out_h"};
  static const char* const pad_x[] = {"0", "ow-iw", "0", "0"};
  static const char* const pad_y[] = {"0", "0", "0", "oh-ih"};
  auto wipe_size = [&](const frame_state& f, int edge) {
    const double shown = f.reveal < 1.0 && f.reveal_from == edge ? f.reveal : 1.0;
    return edge < 2 ? std::max(1, static_cast<int>(std::lround(ws.w * shown)))
                    : std::max(1, static_cast<int>(std::lround(ws.h * shown)));
  };
  for (int edge = 0; edge < 4; ++edge)
    if (wipes_from[edge]) {
      const bool across = edge < 2;
      chain << ",crop@v" << edge << "_" << tag << "=w=" << (across ? wipe_size(first, edge) : ws.w)
            << ":h=" << (across ? ws.h : wipe_size(first, edge)) << ":x=" << crop_x[edge]
            << ":y=" << crop_y[edge] << ":exact=1,pad=w=" << ws.w << ":h=" << ws.h
            << ":x=" << pad_x[edge] << ":y=" << pad_y[edge] << ":color=black@0:eval=frame";
    }
  if (moves)
    chain << "," << scale_name << "=" << px(first.w) << ":" << px(first.h);
  // Rotation grows the frame to the largest rotated box it needs; corners stay transparent.
  const double box_w = tr.box_w, box_h = tr.box_h;
  if (turns)
    chain << "," << (tr.spins ? rotate_name : std::string("rotate"))
          << "=a=" << decimal(first.rotation * pi / 180.0, 6) << ":ow=" << box_w << ":oh=" << box_h
          << ":c=black@0";
  for (size_t k = 1; k < l.frames.size(); ++k) {
    const frame_state& f = l.frames[k];
    const frame_state& p = l.frames[k - 1];
    std::string c;
    auto add = [&](const std::string& target, const std::string& what, const std::string& arg) {
      c += (c.empty() ? "" : ", ") + target + " " + what + " " + arg;
    };
    if (colours && restyles) {
      if (f.saturation != p.saturation)
        add(eq_name, "saturation", decimal(eq_saturation(f.saturation), 4));
      if (f.contrast != p.contrast)
        add(eq_name, "contrast", decimal(eq_contrast(f.contrast), 4));
      if (f.brightness != p.brightness)
        add(eq_name, "brightness", decimal(eq_brightness(f.brightness), 4));
    }
    if (fades && restyles && std::fabs(f.alpha - p.alpha) > 1e-6)
      add(lut_name, "a", "val*" + decimal(f.alpha, 4));
    for (int edge = 0; edge < 4; ++edge)
      if (wipes_from[edge] && wipe_size(f, edge) != wipe_size(p, edge))
        add("crop@v" + std::to_string(edge) + "_" + tag, edge < 2 ? "w" : "h",
            std::to_string(wipe_size(f, edge)));
    if (moves) {
      if (px(f.w) != px(p.w))
        add(scale_name, "w", std::to_string(px(f.w)));
      if (px(f.h) != px(p.h))
        add(scale_name, "h", std::to_string(px(f.h)));
      if (turns && std::fabs(f.rotation - p.rotation) > 1e-6)
        add(rotate_name, "a", decimal(f.rotation * pi / 180.0, 6));
    }
    cmds.at_frame(static_cast<int64_t>(k), clock.fps, c);
  }
  if (!cmds.empty()) {
    const std::string path = ctx.work_dir + "/layer_" + tag + ".cmd";
    ctx.files.push_back({path, cmds.text()});
    g << ",sendcmd=f=" << escape_filter_value(path);
  }
  g << chain.str() << ",setpts=PTS+" << l.f0 << "[l" << tag << "];\n";

  // -- where it is drawn ---------------------------------------------------------------------
  layer_frames out;
  out.label = "[l" + tag + "]";
  out.moves = moves;
  if (!moves) {
    const double ow = turns ? box_w : px(first.w), oh = turns ? box_h : px(first.h);
    out.x = std::to_string(std::lround(first.cx - ow / 2.0));
    out.y = std::to_string(std::lround(first.cy - oh / 2.0));
    return out;
  }
  curve cx, cy;
  for (size_t k = 0; k < l.frames.size(); ++k) {
    const double t = clock.seconds(l.f0 + static_cast<int64_t>(k));
    cx.add(t, l.frames[k].cx - (turns ? box_w / 2.0 : 0.0));
    cy.add(t, l.frames[k].cy - (turns ? box_h / 2.0 : 0.0));
  }
  cx.simplify(0.01);
  cy.simplify(0.01);
  out.x = cx.expression("t") + (turns ? "" : "-w/2");
  out.y = cy.expression("t") + (turns ? "" : "-h/2");
  return out;
}

} // namespace cutqueue::render
