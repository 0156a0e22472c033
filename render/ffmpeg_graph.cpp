#include "render/ffmpeg_graph.hpp"

#include "render/caption_layout.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace cutqueue::render {

// The graph is built from the draft model throughout.
using namespace cutqueue::draft;

namespace {

constexpr int sample_rate = 48000;
constexpr double pi = 3.14159265358979323846;

/// Fixed-point decimal, locale-independent enough: the service never calls setlocale.
std::string dec(double v, int digits = 6) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string secs(int64_t us) {
  return dec(static_cast<double>(us) / 1e6);
}

int64_t samples(int64_t us) {
  return static_cast<int64_t>(std::llround(static_cast<double>(us) * sample_rate / 1e6));
}

std::string hex_colour(double r, double g, double b) {
  auto c = [](double v) { return static_cast<int>(std::lround(std::clamp(v, 0.0, 1.0) * 255)); };
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%02X%02X%02X", c(r), c(g), c(b));
  return buf;
}

/// Whether `font` has a glyph for every character drawtext draws (line breaks and other
/// control characters are not drawn). A caption it does not cover would show boxes.
bool font_covers(const std::string& font, const std::string& text, const graph_config& cfg) {
  if (!cfg.has_glyph)
    return false;
  for (char32_t c : decode_utf8(text))
    if (c >= 0x20 && c != 0x7f && !cfg.has_glyph(font, c))
      return false;
  return true;
}

/// The font for a caption's style; italic falls back to upright (logged) when no slanted face
/// covers the text.
std::string caption_font(const text_material& t, const std::string& segment_id,
                         const graph_config& cfg, std::vector<std::string>& skipped) {
  const text_style& st = t.base();
  const bool bold = st.bold && !cfg.bold_font_file.empty();
  if (st.italic) {
    const std::string& slanted = st.bold && !cfg.bold_italic_font_file.empty()
                                     ? cfg.bold_italic_font_file
                                     : cfg.italic_font_file;
    if (!slanted.empty() && font_covers(slanted, t.text, cfg))
      return slanted;
    skipped.push_back("segment " + segment_id +
                      ": italic text (no italic font for its characters)");
  }
  return bold ? cfg.bold_font_file : cfg.font_file;
}

/// A drawtext position: `anchor` minus `fraction` of the measured text size `var`.
std::string anchored(double anchor, double fraction, const char* var) {
  std::string out = dec(anchor, 2);
  if (std::fabs(fraction - 0.5) < 1e-9)
    return out + "-" + var + "/2";
  if (std::fabs(fraction - 1.0) < 1e-9)
    return out + "-" + var;
  if (std::fabs(fraction) < 1e-9)
    return out;
  return out + "-" + dec(fraction, 4) + "*" + var;
}

/// The lines of a caption placed on the canvas. Subtitles wrap at the draft's line width; other
/// text only when a line would not fit on the canvas at all.
std::vector<caption_line> caption_lines(const text_material& t, const clip_settings& clip,
                                        const std::string& font, int px, const graph_config& cfg,
                                        int W, int H) {
  const double size = px;
  advance_fn advance = [size](char32_t c) { return estimated_advance(c, size); };
  if (cfg.glyph_advance)
    advance = [&](char32_t c) { return cfg.glyph_advance(font, c, px); };
  auto lines = wrap_caption(t.text, 0, advance);
  double max_width = 0;
  if (t.auto_wrap) {
    max_width = t.line_max_width * W;
  } else {
    for (const auto& l : lines)
      if (line_width(l, advance) > W)
        max_width = 0.9 * W;
  }
  if (max_width > 0)
    lines = wrap_caption(t.text, max_width, advance);
  caption_box box;
  box.centre_x = W / 2.0 + clip.transform_x * W / 2.0;
  box.centre_y = H / 2.0 - clip.transform_y * H / 2.0;
  box.font_px = size;
  box.line_advance = size * (1.2 + t.line_spacing);
  box.alignment = t.alignment;
  return place_caption(lines, box, advance);
}

/// One FFmpeg input: a distinct local file, with the time window its segments need.
struct input_plan {
  std::string path;
  bool photo = false;
  bool has_alpha = false; ///< transparent pixels show what lies below
  bool has_video = false, has_audio = false;
  int width = 0, height = 0;
  int audio_channels = 0;
  int64_t first_us = INT64_MAX; ///< earliest source time used (videos): becomes -ss
  int64_t last_us = 0;          ///< latest source time used (videos), or longest hold (photos)
  std::vector<std::string> video_taps, audio_taps; ///< labels handed out to segments
  int video_uses = 0, audio_uses = 0;
};

/// Source range of a segment, defaulting to "what the target needs at this speed".
timerange source_of(const segment& s) {
  if (s.has_source && s.source.duration > 0)
    return s.source;
  return {0, static_cast<int64_t>(std::llround(s.target.duration * s.speed))};
}

/// atempo accepts 0.5..100 per instance in FFmpeg 5.1; slower speeds need a chain.
std::string atempo_chain(double speed) {
  if (std::fabs(speed - 1.0) < 1e-6)
    return {};
  std::string out;
  double s = speed;
  while (s < 0.5) {
    out += ",atempo=0.5";
    s /= 0.5;
  }
  while (s > 100.0) {
    out += ",atempo=100";
    s /= 100.0;
  }
  out += ",atempo=" + dec(s);
  return out;
}

/// Where a picture segment lands on the canvas: aspect-fit, then clip.scale about the centre,
/// flips, a clockwise rotation that grows the frame to its bounding box, and the transform
/// (half-canvas units, +y up) for its centre.
struct placement {
  int w = 0, h = 0;
  double out_w = 0, out_h = 0; ///< after rotation
  long x = 0, y = 0;
  double rad = 0;
  bool rotated = false, blended = false, see_through = false;

  bool covers(int W, int H) const {
    return !rotated && !blended && !see_through && w == W && h == H && x == 0 && y == 0;
  }
};

placement place(const segment& s, const input_plan& in, int W, int H) {
  placement p;
  const double fit =
      std::min(static_cast<double>(W) / in.width, static_cast<double>(H) / in.height);
  p.w = std::max(2, static_cast<int>(std::lround(in.width * fit * s.clip.scale_x)));
  p.h = std::max(2, static_cast<int>(std::lround(in.height * fit * s.clip.scale_y)));
  p.out_w = p.w;
  p.out_h = p.h;
  const double rot = std::fmod(s.clip.rotation, 360.0);
  p.rotated = std::fabs(rot) > 1e-3;
  p.blended = s.clip.alpha < 0.999;
  p.see_through = in.has_alpha;
  if (p.rotated) {
    p.rad = rot * pi / 180.0;
    p.out_w = std::lround(std::fabs(p.w * std::cos(p.rad)) + std::fabs(p.h * std::sin(p.rad)));
    p.out_h = std::lround(std::fabs(p.w * std::sin(p.rad)) + std::fabs(p.h * std::cos(p.rad)));
  }
  const double cx = W / 2.0 + s.clip.transform_x * W / 2.0;
  const double cy = H / 2.0 - s.clip.transform_y * H / 2.0;
  p.x = std::lround(cx - p.out_w / 2.0);
  p.y = std::lround(cy - p.out_h / 2.0);
  return p;
}

/// The segment's picture from its tap: its source range, retimed, the last frame held up to
/// the target duration, at its placed size (no trailing label or timestamp shift).
void picture_chain(std::ostream& g, const std::string& tap, const segment& s, const input_plan& in,
                   const placement& p) {
  g << tap;
  if (in.photo) {
    // The looped still runs at the canvas rate; it only has to last the target range.
    g << "trim=duration=" << secs(s.target.duration) << ",setpts=PTS-STARTPTS";
  } else {
    timerange src = source_of(s);
    int64_t rel = src.start - (in.first_us == INT64_MAX ? 0 : in.first_us);
    g << "trim=start=" << secs(rel) << ":duration=" << secs(src.duration) << ",setpts=PTS-STARTPTS";
    if (std::fabs(s.speed - 1.0) > 1e-6)
      g << ",setpts=PTS/" << dec(s.speed);
    // Hold the last frame when the (retimed) source is shorter than the target range.
    double played_us = src.duration / s.speed;
    if (played_us + 1000 < static_cast<double>(s.target.duration))
      g << ",tpad=stop_mode=clone:stop_duration="
        << secs(static_cast<int64_t>(s.target.duration - played_us) + 100000);
    g << ",trim=duration=" << secs(s.target.duration);
  }
  if (p.w != in.width || p.h != in.height)
    g << ",scale=" << p.w << ":" << p.h;
  if (s.clip.flip_h)
    g << ",hflip";
  if (s.clip.flip_v)
    g << ",vflip";
}

} // namespace

std::string escape_filter_value(const std::string& s) {
  std::string level1;
  for (char c : s) {
    if (c == '\\' || c == '\'' || c == ':')
      level1 += '\\';
    level1 += c;
  }
  std::string level2;
  for (char c : level1) {
    if (c == '\\' || c == '\'' || c == '[' || c == ']' || c == ',' || c == ';')
      level2 += '\\';
    level2 += c;
  }
  return level2;
}

int caption_font_px(double size, int canvas_height) {
  // Jianying's size 15 subtitle is about a twelfth of the canvas height; linear in size.
  return std::max(4, static_cast<int>(std::lround(size * canvas_height / 180.0)));
}

bool build_ffmpeg_job(const draft::document& d,
                      const std::map<std::string, material_source>& sources,
                      const graph_config& cfg, ffmpeg_job& out, std::string& error) {
  out = ffmpeg_job{};
  if (d.width <= 0 || d.height <= 0 || d.duration <= 0) {
    error = "draft has no canvas size or duration";
    return false;
  }
  const int W = d.width, H = d.height;
  const std::string fps = dec(d.fps, 3);
  const std::string dur = secs(d.duration);

  // -- inputs: one per distinct local file --------------------------------------------------
  std::vector<input_plan> inputs;
  std::map<std::string, size_t> input_of_path;
  auto input_for = [&](const std::string& material_path, bool photo) -> input_plan* {
    auto src = sources.find(material_path);
    if (src == sources.end())
      return nullptr;
    auto [it, fresh] = input_of_path.try_emplace(src->second.local_path, inputs.size());
    if (fresh) {
      input_plan p;
      p.path = src->second.local_path;
      p.photo = photo;
      p.has_video = src->second.info.has_video;
      p.has_alpha = src->second.info.has_alpha;
      p.has_audio = src->second.info.has_audio && !photo;
      p.width = src->second.info.width;
      p.height = src->second.info.height;
      p.audio_channels = src->second.info.audio_channels;
      inputs.push_back(p);
    }
    return &inputs[it->second];
  };

  struct visual_item {
    const segment* seg;
    int render_index;
    bool is_text;
    size_t input = 0;
  };
  std::vector<visual_item> visuals;
  for (const auto& ps : visual_segments(d)) {
    const segment& s = *ps.seg;
    const video_material& m = d.videos.at(s.material_id);
    if (s.clip.alpha <= 0.0)
      continue; // fully transparent: draws nothing
    input_plan* in = input_for(m.path, m.kind == visual_kind::photo);
    if (!in) {
      out.skipped.push_back("segment " + s.id + ": material not available");
      continue;
    }
    if (!in->has_video) {
      out.skipped.push_back("segment " + s.id + ": material has no picture");
      continue;
    }
    if (in->width <= 0 || in->height <= 0) {
      in->width = m.width;
      in->height = m.height;
    }
    if (in->width <= 0 || in->height <= 0) {
      out.skipped.push_back("segment " + s.id + ": material size unknown");
      continue;
    }
    if (in->photo) {
      in->last_us = std::max(in->last_us, s.target.duration);
    } else {
      auto src = source_of(s);
      in->first_us = std::min(in->first_us, src.start);
      in->last_us = std::max(in->last_us, src.end());
    }
    size_t idx = static_cast<size_t>(in - inputs.data());
    visuals.push_back({&s, s.render_index, false, idx});
    ++in->video_uses;
  }
  for (const auto& ps : text_segments(d))
    visuals.push_back({ps.seg, ps.seg->render_index, true, 0});
  std::stable_sort(visuals.begin(), visuals.end(), [](const visual_item& a, const visual_item& b) {
    return a.render_index < b.render_index;
  });

  struct sound_item {
    const segment* seg;
    size_t input;
  };
  std::vector<sound_item> sounds;
  for (const auto& ps : sound_segments(d)) {
    const segment& s = *ps.seg;
    const std::string& path = ps.on_track->type == track_type::audio
                                  ? d.audios.at(s.material_id).path
                                  : d.videos.at(s.material_id).path;
    input_plan* in = input_for(path, false);
    if (!in || !in->has_audio)
      continue; // a clip without sound, or a missing material already reported above
    auto src = source_of(s);
    in->first_us = std::min(in->first_us, src.start);
    in->last_us = std::max(in->last_us, src.end());
    sounds.push_back({&s, static_cast<size_t>(in - inputs.data())});
    ++in->audio_uses;
  }

  std::ostringstream g; // the filter graph, one chain per line for readability when debugging
  // Fan-out: one decode per input, split to every segment that uses it.
  for (size_t i = 0; i < inputs.size(); ++i) {
    auto& in = inputs[i];
    auto fan = [&](const char* kind, const char* split, int uses, std::vector<std::string>& taps) {
      std::string stream = "[" + std::to_string(i) + ":" + kind + ":0]";
      if (uses == 1) {
        taps.push_back(stream);
        return;
      }
      g << stream << split << "=" << uses;
      for (int k = 0; k < uses; ++k) {
        taps.push_back("[i" + std::to_string(i) + kind + std::to_string(k) + "]");
        g << taps.back();
      }
      g << ";\n";
    };
    if (in.video_uses > 0)
      fan("v", "split", in.video_uses, in.video_taps);
    if (in.audio_uses > 0)
      fan("a", "asplit", in.audio_uses, in.audio_taps);
  }
  std::map<size_t, size_t> next_video_tap, next_audio_tap;

  // -- picture ------------------------------------------------------------------------------
  // The bottom layers that each cover the whole canvas opaquely, one at a time, are
  // concatenated with black between them, as a person would write it: overlaying each onto a
  // black canvas costs a full frame copy per layer and frame (measured: 16 % more CPU on
  // long_draft). Boundaries are whole canvas frames, so 300 cuts do not drift.
  auto frame_at = [&](int64_t us) {
    return static_cast<int64_t>(std::llround(static_cast<double>(us) * d.fps / 1e6));
  };
  const int64_t total_frames = frame_at(d.duration);
  std::vector<size_t> base;
  for (size_t k = 0; k < visuals.size() && !visuals[k].is_text; ++k) {
    const segment& s = *visuals[k].seg;
    const input_plan& in = inputs[visuals[k].input];
    const int64_t f0 = frame_at(s.target.start), f1 = frame_at(s.target.end());
    bool overlaps = false;
    for (size_t j : base)
      overlaps = overlaps || (visuals[j].seg->target.start < s.target.end() &&
                              s.target.start < visuals[j].seg->target.end());
    if (!place(s, in, W, H).covers(W, H) || overlaps || f1 <= f0 || f1 > total_frames)
      break;
    base.push_back(k);
  }
  std::sort(base.begin(), base.end(), [&](size_t a, size_t b) {
    return visuals[a].seg->target.start < visuals[b].seg->target.start;
  });
  if (base.empty()) {
    g << "color=c=black:s=" << W << "x" << H << ":r=" << fps << ":d=" << dur
      << ",format=yuv420p[bg0];\n";
  } else {
    std::string parts;
    int n = 0;
    int64_t cursor = 0;
    auto black = [&](int64_t frames) {
      std::string label = "[base" + std::to_string(n++) + "]";
      g << "color=c=black:s=" << W << "x" << H << ":r=" << fps << ",trim=end_frame=" << frames
        << ",format=yuv420p,setsar=1" << label << ";\n";
      parts += label;
    };
    for (size_t k : base) {
      const segment& s = *visuals[k].seg;
      const input_plan& in = inputs[visuals[k].input];
      const int64_t f0 = frame_at(s.target.start), f1 = frame_at(s.target.end());
      if (f0 > cursor)
        black(f0 - cursor);
      std::string label = "[base" + std::to_string(n++) + "]";
      picture_chain(g, in.video_taps[next_video_tap[visuals[k].input]++], s, in,
                    place(s, in, W, H));
      // Padded without end (a file shorter than its draft says, rounding), then cut: every
      // piece has exactly its frames.
      g << ",fps=" << fps << ",tpad=stop_mode=clone:stop=-1,trim=end_frame=" << (f1 - f0)
        << ",setpts=PTS-STARTPTS,format=yuv420p,setsar=1" << label << ";\n";
      parts += label;
      cursor = f1;
    }
    if (cursor < total_frames)
      black(total_frames - cursor);
    // Timestamps from the frame count: concat guesses a one-frame piece's length as zero.
    g << parts << "concat=n=" << n << ":v=1:a=0,setpts=N/(" << fps << "*TB)[bg0];\n";
  }
  std::string current = "[bg0]";
  int layer = 0, caption = 0;
  for (size_t vi = 0; vi < visuals.size(); ++vi) {
    if (std::find(base.begin(), base.end(), vi) != base.end())
      continue;
    auto& v = visuals[vi];
    const segment& s = *v.seg;
    const std::string start = secs(s.target.start);
    std::string next = "[bg" + std::to_string(++layer) + "]";
    if (v.is_text) {
      const text_material& t = d.texts.at(s.material_id);
      if (t.text.empty() || cfg.font_file.empty()) {
        if (cfg.font_file.empty())
          out.skipped.push_back("segment " + s.id + ": no caption font available");
        --layer;
        continue;
      }
      if (std::fabs(s.clip.rotation) > 1e-3)
        out.skipped.push_back("segment " + s.id + ": text rotation");
      const int px =
          std::max(4, static_cast<int>(std::lround(caption_font_px(t.base().size, H) * s.clip.scale_y)));
      const std::string font = caption_font(t, s.id, cfg, out.skipped);
      auto lines = caption_lines(t, s.clip, font, px, cfg, W, H);
      lines.erase(std::remove_if(lines.begin(), lines.end(),
                                 [](const caption_line& l) { return l.text.empty(); }),
                  lines.end());
      if (lines.empty()) {
        --layer;
        continue;
      }
      const text_style& st = t.base();
      const double alpha = std::clamp(st.fill.a * t.global_alpha * s.clip.alpha, 0.0, 1.0);
      // Every line is its own drawtext in one chain, reading its own file literally.
      g << current;
      for (size_t i = 0; i < lines.size(); ++i) {
        const caption_line& l = lines[i];
        std::string text_path = cfg.work_dir + "/caption_" + std::to_string(caption++) + ".txt";
        out.files.push_back({text_path, l.text});
        g << (i ? "," : "") << "drawtext=fontfile=" << escape_filter_value(font)
          << ":textfile=" << escape_filter_value(text_path) << ":expansion=none:fontsize=" << px
          << ":fontcolor=" << hex_colour(st.fill.r, st.fill.g, st.fill.b) << "@" << dec(alpha, 3);
        if (st.has_stroke && st.stroke_width > 0) {
          int bw = std::max(1, static_cast<int>(std::lround(st.stroke_width * px)));
          g << ":borderw=" << bw
            << ":bordercolor=" << hex_colour(st.stroke.r, st.stroke.g, st.stroke.b) << "@"
            << dec(alpha, 3);
        }
        if (st.has_shadow && st.shadow.a > 0) {
          // Jianying's default distance 5 looks like about a tenth of an em; angle counts
          // counter-clockwise with +y up, the canvas has +y down.
          const double dist = st.shadow_distance * px / 50.0, rad = st.shadow_angle * pi / 180.0;
          const long sx = std::lround(dist * std::cos(rad)),
                     sy = std::lround(-dist * std::sin(rad));
          if (sx != 0 || sy != 0)
            g << ":shadowx=" << sx << ":shadowy=" << sy
              << ":shadowcolor=" << hex_colour(st.shadow.r, st.shadow.g, st.shadow.b) << "@"
              << dec(std::clamp(st.shadow.a * s.clip.alpha, 0.0, 1.0), 3);
        }
        // Drawn on [start, end) only.
        g << ":x=" << anchored(l.x_anchor, l.x_of_width, "text_w") << ":y="
          << (l.y_is_baseline ? dec(l.y_anchor, 2) + "-ascent"
                              : anchored(l.y_anchor, l.y_of_height, "text_h"))
          << ":enable='gte(t," << start << ")*lt(t," << secs(s.target.end()) << ")'";
      }
      g << next << ";\n";
      current = next;
      continue;
    }

    input_plan& in = inputs[v.input];
    std::string tap = in.video_taps[next_video_tap[v.input]++];
    std::string seg_label = "[s" + std::to_string(layer) + "]";
    const placement p = place(s, in, W, H);
    picture_chain(g, tap, s, in, p);
    if (p.rotated || p.blended)
      g << ",format=rgba";
    if (p.rotated)
      // Clockwise, like Jianying; the frame grows to the rotated bounding box, corners clear.
      g << ",rotate=a=" << dec(p.rad) << ":ow=" << std::lround(p.out_w)
        << ":oh=" << std::lround(p.out_h) << ":c=none";
    if (p.blended)
      g << ",colorchannelmixer=aa=" << dec(std::clamp(s.clip.alpha, 0.0, 1.0), 4);
    g << ",setpts=PTS+" << start << "/TB" << seg_label << ";\n";
    g << current << seg_label << "overlay=x=" << p.x << ":y=" << p.y << ":eof_action=pass" << next
      << ";\n";
    current = next;
  }
  g << current << "format=yuv420p[vout];\n";

  // -- sound --------------------------------------------------------------------------------
  // Non-overlapping sounds share a lane (concat with silent gaps) so the mixer sums a handful of
  // streams, not one full-length stream per segment: 300 segments stay cheap.
  std::stable_sort(sounds.begin(), sounds.end(), [](const sound_item& a, const sound_item& b) {
    return a.seg->target.start < b.seg->target.start;
  });
  std::vector<std::vector<const sound_item*>> lanes;
  std::vector<int64_t> lane_end;
  for (auto& si : sounds) {
    size_t lane = 0;
    while (lane < lanes.size() && lane_end[lane] > si.seg->target.start)
      ++lane;
    if (lane == lanes.size()) {
      lanes.emplace_back();
      lane_end.push_back(0);
    }
    lanes[lane].push_back(&si);
    lane_end[lane] = si.seg->target.end();
  }
  g << "anullsrc=r=" << sample_rate << ":cl=stereo,atrim=end_sample=" << samples(d.duration)
    << "[abase];\n";
  int piece = 0;
  std::vector<std::string> lane_labels;
  for (size_t l = 0; l < lanes.size(); ++l) {
    int64_t cursor = 0; // samples already emitted on this lane
    std::vector<std::string> parts;
    for (const sound_item* si : lanes[l]) {
      const segment& s = *si->seg;
      input_plan& in = inputs[si->input];
      std::string tap = in.audio_taps[next_audio_tap[si->input]++];
      timerange src = source_of(s);
      int64_t rel = src.start - (in.first_us == INT64_MAX ? 0 : in.first_us);
      int64_t begin = samples(s.target.start);
      int64_t len = samples(s.target.end()) - begin;
      if (len <= 0)
        continue;
      std::string label = "[p" + std::to_string(piece++) + "]";
      g << tap << "atrim=start=" << secs(rel) << ":duration=" << secs(src.duration)
        << ",asetpts=PTS-STARTPTS";
      // Mono plays at full level on both speakers; the default up-mix would lose 3 dB.
      if (in.audio_channels == 1)
        g << ",pan=stereo|c0=c0|c1=c0";
      g << ",aresample=" << sample_rate << ",aformat=sample_fmts=fltp:channel_layouts=stereo"
        << atempo_chain(s.speed);
      if (std::fabs(s.volume - 1.0) > 1e-6)
        g << ",volume=" << dec(s.volume);
      g << ",apad=whole_len=" << len << ",atrim=end_sample=" << len;
      if (begin > cursor)
        g << ",adelay=delays=" << (begin - cursor) << "S:all=1";
      g << label << ";\n";
      parts.push_back(label);
      cursor = begin + len;
    }
    if (parts.empty())
      continue;
    std::string lane_label = "[lane" + std::to_string(l) + "]";
    if (parts.size() == 1) {
      lane_labels.push_back(parts[0]);
      continue;
    }
    for (auto& p : parts)
      g << p;
    g << "concat=n=" << parts.size() << ":v=0:a=1" << lane_label << ";\n";
    lane_labels.push_back(lane_label);
  }
  if (lane_labels.empty()) {
    g << "[abase]anull[aout]\n";
  } else {
    // normalize=0: plain sum, so levels stay as the draft says (amix would otherwise divide
    // by the number of inputs). duration=first: the silent base fixes the exact length.
    g << "[abase]";
    for (auto& l : lane_labels)
      g << l;
    g << "amix=inputs=" << lane_labels.size() + 1
      << ":duration=first:dropout_transition=0:normalize=0[aout]\n";
  }
  out.filter_graph = g.str();
  const std::string script = cfg.work_dir + "/filter_graph.txt";
  out.files.push_back({script, out.filter_graph});

  // -- argv ---------------------------------------------------------------------------------
  auto& a = out.argv;
  a = {cfg.ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error"};
  const bool many_inputs = inputs.size() > 8;
  for (const auto& in : inputs) {
    if (many_inputs) {
      // Frame-threaded decoders per input add up to hundreds of threads on big drafts.
      a.insert(a.end(), {"-threads", "1"});
    }
    a.insert(a.end(), {"-protocol_whitelist", "file"});
    if (in.photo) {
      a.insert(a.end(), {"-loop", "1", "-framerate", fps, "-t", secs(in.last_us + 1000000)});
    } else if (in.first_us != INT64_MAX) {
      if (in.first_us > 0)
        a.insert(a.end(), {"-ss", secs(in.first_us)});
      // Nothing past the last needed source time is decoded; a second of slack for rounding.
      a.insert(a.end(), {"-t", secs(in.last_us - in.first_us + 1000000)});
    }
    // "file:" keeps names such as "concat:x" or "a|b" from being read as protocols.
    a.insert(a.end(), {"-i", "file:" + in.path});
  }
  a.insert(a.end(), {"-filter_complex_script",
                     script,
                     "-map",
                     "[vout]",
                     "-map",
                     "[aout]",
                     "-c:v",
                     "libx264",
                     "-preset",
                     cfg.x264_preset,
                     "-pix_fmt",
                     "yuv420p",
                     "-r",
                     fps,
                     "-c:a",
                     "aac",
                     "-b:a",
                     "128k",
                     "-ar",
                     std::to_string(sample_rate),
                     "-ac",
                     "2",
                     "-t",
                     dur,
                     "-movflags",
                     "+faststart",
                     "-f",
                     "mp4",
                     "-progress",
                     "pipe:1",
                     "-nostats",
                     cfg.output_path});
  return true;
}

} // namespace cutqueue::render
