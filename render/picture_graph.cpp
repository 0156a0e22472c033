#include "render/picture_graph.hpp"

#include "render/curve.hpp"
#include "render/mask_raster.hpp"
#include "render/png_writer.hpp"

#include <algorithm>

namespace cutqueue::render {

namespace {

/// The transitions a layer takes part in: the one into it and the one out of it (-1: none).
struct layer_links {
  int in = -1, out = -1;
};

std::vector<layer_links> links_of(const picture_plan& plan) {
  std::vector<layer_links> links(plan.layers.size());
  for (size_t t = 0; t < plan.transitions.size(); ++t) {
    if (!plan.transitions[t].xfade.empty()) {
      links[plan.transitions[t].from].out = static_cast<int>(t);
      links[plan.transitions[t].to].in = static_cast<int>(t);
    }
  }
  return links;
}

/// The frames of a layer outside the transitions it takes part in.
std::pair<int64_t, int64_t> body_of(const picture_plan& plan, const layer_links& ln, size_t k) {
  const visual_layer& l = plan.layers[k];
  int64_t b0 = l.f0, b1 = l.f1;
  if (ln.in >= 0)
    b0 = plan.transitions[static_cast<size_t>(ln.in)].f1;
  if (ln.out >= 0)
    b1 = plan.transitions[static_cast<size_t>(ln.out)].f0;
  return {b0, std::max(b0, b1)};
}

/// The bottom layers, one at a time: nothing is drawn below any of them, so each becomes a
/// whole opaque canvas (itself when it covers the canvas, else padded or drawn onto black) and
/// they are concatenated with black between them, as a person would write it (overlaying each
/// onto a black canvas costs a full frame copy per layer and frame: 16 % more CPU on
/// long_draft). An xfade transition between two of them is a piece of the concatenation too. A
/// prefix of the render order, so nothing drawn above one of them ends up below it.
std::vector<bool> base_layers(const picture_plan& plan) {
  std::vector<bool> base(plan.layers.size(), false);
  std::vector<size_t> chosen;
  auto linked = [&](size_t a, size_t b) {
    for (const auto& t : plan.transitions)
      if (!t.xfade.empty() && ((t.from == a && t.to == b) || (t.from == b && t.to == a)))
        return true;
    return false;
  };
  // A look applies to the whole picture below it, so the layers above it cannot be pieces of
  // the bottom; those below it can, the look then runs on their concatenation.
  size_t limit = plan.layers.size();
  for (const auto& lk : plan.looks)
    limit = std::min(limit, lk.above);
  for (size_t k = 0; k < limit; ++k) {
    const visual_layer& l = plan.layers[k];
    bool overlaps = false;
    for (size_t j : chosen)
      overlaps =
          overlaps || (plan.layers[j].f0 < l.f1 && l.f0 < plan.layers[j].f1 && !linked(j, k));
    if (overlaps || l.f1 > plan.frames)
      break;
    chosen.push_back(k);
    base[k] = true;
  }
  // A transition between a base layer and one above it is drawn over the picture, so neither
  // of its layers can be a piece underneath; that cuts the prefix short.
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& t : plan.transitions) {
      if (t.xfade.empty() || base[t.from] == base[t.to])
        continue;
      const size_t cut = std::min(t.from, t.to);
      for (size_t k = cut; k < base.size(); ++k)
        if (base[k]) {
          base[k] = false;
          changed = true;
        }
    }
  }
  return base;
}

/// Whether a layer can become a whole canvas by padding it with black: it does not move, turn,
/// fade or show through, and lies entirely on the canvas.
bool paddable(const visual_layer& l, const layer_frames& lf, int W, int H) {
  if (l.see_through || l.mask || lf.moves || !l.static_look() || l.frames.empty())
    return false;
  const frame_state& f = l.frames.front();
  if (std::fabs(std::fmod(f.rotation, 360.0)) > 1e-3 || f.alpha < 0.999 || f.reveal < 0.999)
    return false;
  const long x = std::stol(lf.x), y = std::stol(lf.y);
  const long w = std::max(1L, std::lround(f.w)), h = std::max(1L, std::lround(f.h));
  return x >= 0 && y >= 0 && x + w <= W && y + h <= H;
}

} // namespace

picture_inputs register_pictures(const picture_plan& plan, const material_sources& local,
                                 input_table& inputs, const std::string& work_dir,
                                 std::vector<graph_file>& files,
                                 std::vector<draft::unsupported_feature>& notes) {
  picture_inputs in;
  for (const auto& l : plan.layers) {
    // A mask is drawn once, at the size the picture is shaped at, and moves with it.
    size_t mask = SIZE_MAX;
    if (l.mask) {
      const work_size ws = layer_work_size(l, plan.width, plan.height);
      std::vector<uint8_t> coverage;
      std::string png;
      if (rasterize_mask(*l.mask, ws.w, ws.h, coverage))
        png = encode_png_gray(coverage.data(), ws.w, ws.h);
      if (png.empty()) {
        notes.push_back({"mask " + l.mask->name, "segment " + l.seg->id});
      } else {
        const std::string path = work_dir + "/mask_" + std::to_string(files.size()) + ".png";
        files.push_back({path, std::move(png)});
        probe_info info;
        info.has_video = true;
        info.width = ws.w;
        info.height = ws.h;
        mask = inputs.add(nullptr, path, input_kind::still, info);
        inputs.use_video(mask, 0, 0);
      }
    }
    size_t input = SIZE_MAX;
    if (l.source == layer_source::media) {
      const material_source& src = local.at(l.material_path);
      if (l.photo) {
        input = inputs.add(l.seg, src.local_path, input_kind::photo, src.info);
        inputs.use_video(input, 0, 0);
      } else {
        input = inputs.add(l.seg, src.local_path, l.looped ? input_kind::looped : input_kind::media,
                           src.info, src.input_options);
        const auto range = source_range(*l.seg);
        const bool seekable = !l.looped;
        inputs.use_video(input, source_window_of(l, plan.clock, seekable).read_from_us,
                         range.end());
      }
    } else if (!l.picture_png.empty()) {
      probe_info info;
      info.has_video = info.has_alpha = true;
      info.width = l.src_w;
      info.height = l.src_h;
      const std::string path = work_dir + "/caption_" + std::to_string(files.size()) + ".png";
      files.push_back({path, l.picture_png});
      input = inputs.add(nullptr, path, input_kind::still, info);
      inputs.use_video(input, 0, 0);
    }
    in.layer.push_back(input);
    in.mask.push_back(mask);
  }
  return in;
}

void emit_picture(chain_context& ctx, const picture_inputs& in) {
  const picture_plan& plan = ctx.plan;
  auto& g = ctx.graph;
  const int W = plan.width, H = plan.height;
  const std::string rate = plan.clock.rate(), tb = plan.clock.time_base();
  const std::vector<layer_links> links = links_of(plan);
  const std::vector<bool> base = base_layers(plan);
  int serial = 0;
  auto label = [&](const char* kind) {
    return "[" + std::string(kind) + std::to_string(serial++) + "]";
  };
  /// A solid canvas of frames [f0, f1) with canvas timestamps.
  auto canvas = [&](const char* colour, int64_t f0, int64_t f1, const char* format) {
    const std::string out = label("cv");
    g << "color=c=" << colour << ":s=" << W << "x" << H << ":r=" << rate << ",format=" << format
      << ",trim=end_frame=" << (f1 - f0) << ",settb=" << tb << ",setpts=N+" << f0 << out << ";\n";
    return out;
  };

  std::vector<layer_frames> chains(plan.layers.size());
  for (size_t k = 0; k < plan.layers.size(); ++k)
    chains[k] = emit_layer(ctx, k, in.layer[k], ctx.inputs.take_video(in.layer[k]), in.mask[k]);

  // -- the bottom: base layers as opaque canvases, cut around their transitions --------------
  struct piece {
    int64_t f0, f1;
    std::string label;
  };
  std::vector<piece> pieces;
  std::vector<std::string> in_part(plan.layers.size()), out_part(plan.layers.size());
  for (size_t k = 0; k < plan.layers.size(); ++k) {
    if (!base[k])
      continue;
    const visual_layer& l = plan.layers[k];
    std::string whole = chains[k].label;
    if (!l.covers_canvas(W, H)) {
      const std::string out = label("bp");
      if (paddable(l, chains[k], W, H)) {
        g << whole << "pad=w=" << W << ":h=" << H << ":x=" << chains[k].x << ":y=" << chains[k].y
          << ":color=black,format=yuv420p" << out << ";\n";
      } else {
        g << canvas("black", l.f0, l.f1, "yuv420p") << whole << "overlay=x='" << chains[k].x
          << "':y='" << chains[k].y << "':format=yuv420:eof_action=pass" << out << ";\n";
      }
      whole = out;
    }
    const auto [b0, b1] = body_of(plan, links[k], k);
    // Concat takes its pieces one after another, so the parts of one chain are consumed in
    // time order and split holds no frames back.
    std::vector<std::pair<std::string*, std::pair<int64_t, int64_t>>> cuts;
    std::string body;
    if (b1 > b0)
      cuts.push_back({&body, {b0, b1}});
    if (links[k].in >= 0)
      cuts.push_back({&in_part[k], {l.f0, b0}});
    if (links[k].out >= 0)
      cuts.push_back({&out_part[k], {b1, l.f1}});
    if (cuts.size() == 1 && cuts[0].second == std::make_pair(l.f0, l.f1)) {
      *cuts[0].first = whole;
    } else if (!cuts.empty()) {
      std::vector<std::string> outs;
      g << whole << "split=" << cuts.size();
      for (size_t c = 0; c < cuts.size(); ++c) {
        outs.push_back(label("sp"));
        g << outs.back();
      }
      g << ";\n";
      for (size_t c = 0; c < cuts.size(); ++c) {
        *cuts[c].first = label("pt");
        g << outs[c] << "trim=start_frame=" << (cuts[c].second.first - l.f0)
          << ":end_frame=" << (cuts[c].second.second - l.f0) << *cuts[c].first << ";\n";
      }
    }
    if (!body.empty())
      pieces.push_back({b0, b1, body});
  }
  for (const auto& t : plan.transitions) {
    if (t.xfade.empty() || !base[t.from])
      continue;
    const std::string out = label("tx");
    const int64_t n = t.f1 - t.f0;
    g << out_part[t.from] << in_part[t.to] << "xfade=transition=" << t.xfade
      << ":duration=" << decimal(plan.clock.seconds(n), 6) << ":offset=0,trim=end_frame=" << n
      << ",format=yuv420p,settb=" << tb << ",setpts=N+" << t.f0 << out << ";\n";
    pieces.push_back({t.f0, t.f1, out});
  }
  std::sort(pieces.begin(), pieces.end(),
            [](const piece& a, const piece& b) { return a.f0 < b.f0; });
  if (pieces.empty()) {
    g << "color=c=black:s=" << W << "x" << H << ":r=" << rate << ",trim=end_frame=" << plan.frames
      << ",format=yuv420p,settb=" << tb << ",setpts=N[bg0];\n";
  } else {
    std::string list;
    int n = 0;
    int64_t cursor = 0;
    auto add = [&](const std::string& what) {
      const std::string l = "[base" + std::to_string(n++) + "]";
      g << what << "setsar=1" << l << ";\n";
      list += l;
    };
    for (const auto& pc : pieces) {
      if (pc.f0 > cursor)
        add(canvas("black", cursor, pc.f0, "yuv420p"));
      add(pc.label);
      cursor = pc.f1;
    }
    if (cursor < plan.frames)
      add(canvas("black", cursor, plan.frames, "yuv420p"));
    // Timestamps from the frame count: concat guesses a one-frame piece's length as zero.
    g << list << "concat=n=" << n << ":v=1:a=0,settb=" << tb << ",setpts=N[bg0];\n";
  }

  // -- everything above, in render order ----------------------------------------------------
  // Layers joined by transitions are drawn as one stream: each on a transparent canvas, the
  // canvases xfaded one into the next. Splitting a layer into the part before its transition
  // and the part in it would make FFmpeg's overlay, which asks for its first frame at once,
  // run the layer ahead to the transition while its earlier frames pile up in memory.
  std::string current = "[bg0]";
  int layer = 0;
  auto overlay = [&](const std::string& what, const std::string& x, const std::string& y) {
    const std::string next = "[bg" + std::to_string(++layer) + "]";
    g << current << what << "overlay=x='" << x << "':y='" << y << "':eof_action=pass" << next
      << ";\n";
    current = next;
  };
  auto on_canvas = [&](size_t k) {
    const visual_layer& l = plan.layers[k];
    const std::string out = label("tl");
    g << canvas("black@0", l.f0, l.f1, "yuva420p") << chains[k].label << "overlay=x='"
      << chains[k].x << "':y='" << chains[k].y << "':format=yuv420:eof_action=pass" << out << ";\n";
    return out;
  };
  // A look runs on the picture so far, inside its window only: the frames before and after
  // it are passed through and the three parts concatenated again.
  size_t next_look = 0;
  auto apply_looks = [&](size_t above) {
    for (; next_look < plan.looks.size() && plan.looks[next_look].above <= above; ++next_look) {
      const look_layer& lk = plan.looks[next_look];
      std::string chain = lk.chain;
      if (plan.origin > 0) // the look reads the draft's time, a window starts later
        chain = "setpts=PTS+" + std::to_string(plan.origin) + "," + chain + ",setpts=PTS-" +
                std::to_string(plan.origin);
      std::string looked = chain;
      if (lk.intensity < 0.999) {
        // Jianying's intensity mixes the filtered picture with the original.
        const std::string o = label("lo"), f = label("lf"), fl = label("ll");
        looked = "split" + o + f + ";" + f + chain + fl + ";" + fl + o +
                 "blend=all_mode=normal:all_opacity=" + decimal(lk.intensity, 4);
      }
      const std::string next = "[bg" + std::to_string(++layer) + "]";
      if (lk.f0 <= 0 && lk.f1 >= plan.frames) {
        g << current << looked << next << ";\n";
        current = next;
        continue;
      }
      std::vector<std::pair<int64_t, int64_t>> parts;
      if (lk.f0 > 0)
        parts.push_back({0, lk.f0});
      parts.push_back({lk.f0, lk.f1});
      if (lk.f1 < plan.frames)
        parts.push_back({lk.f1, plan.frames});
      std::vector<std::string> outs, pieces_out;
      g << current << "split=" << parts.size();
      for (size_t p = 0; p < parts.size(); ++p) {
        outs.push_back(label("ls"));
        g << outs.back();
      }
      g << ";\n";
      for (size_t p = 0; p < parts.size(); ++p) {
        pieces_out.push_back(label("lp"));
        g << outs[p] << "trim=start_frame=" << parts[p].first << ":end_frame=" << parts[p].second;
        if (parts[p].first == lk.f0)
          g << "," << looked;
        g << pieces_out.back() << ";\n";
      }
      for (const auto& p : pieces_out)
        g << p;
      // Timestamps from the frame count, as for the bottom's concatenation.
      g << "concat=n=" << parts.size() << ":v=1:a=0,settb=" << tb << ",setpts=N" << next << ";\n";
      current = next;
    }
  };
  for (size_t k = 0; k < plan.layers.size(); ++k) {
    apply_looks(k);
    if (base[k] || links[k].in >= 0)
      continue; // drawn as a base piece, or as part of the group its transition starts
    if (links[k].out < 0) {
      overlay(chains[k].label, chains[k].x, chains[k].y);
      continue;
    }
    std::string group = on_canvas(k);
    const int64_t start = plan.layers[k].f0;
    for (size_t j = k; links[j].out >= 0;) {
      const transition_plan& t = plan.transitions[static_cast<size_t>(links[j].out)];
      const std::string next = label("tg");
      // The incoming canvas's chain is written first: on_canvas writes to g, so calling it
      // inside this statement would put its lines between `group` and the xfade.
      const std::string incoming = on_canvas(t.to);
      g << group << incoming << "xfade=transition=" << t.xfade
        << ":duration=" << decimal(plan.clock.seconds(t.f1 - t.f0), 6)
        << ":offset=" << decimal(plan.clock.seconds(t.f0 - start), 6) << next << ";\n";
      group = next;
      j = t.to;
    }
    const std::string placed = label("tp");
    g << group << "format=yuva420p,settb=" << tb << ",setpts=N+" << start << placed << ";\n";
    overlay(placed, "0", "0");
  }
  apply_looks(plan.layers.size());
  g << current << "format=yuv420p[vout];\n";
}

} // namespace cutqueue::render
