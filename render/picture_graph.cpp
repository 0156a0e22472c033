#include "render/picture_graph.hpp"

#include "render/curve.hpp"
#include "render/mask_raster.hpp"
#include "render/png_writer.hpp"

#include <algorithm>

namespace cutqueue::render {

namespace {

draft::timerange source_of(const draft::segment& s) {
  if (s.has_source && s.source.duration > 0)
    return s.source;
  return {0, static_cast<int64_t>(std::llround(static_cast<double>(s.target.duration) * s.speed))};
}

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

/// The bottom layers that each cover the whole canvas opaquely, one at a time: they are
/// concatenated with black between them, as a person would write it (overlaying each onto a
/// black canvas costs a full frame copy per layer and frame: 16 % more CPU on long_draft); an
/// xfade transition between two of them is a piece of the concatenation too. A prefix of the
/// render order, so nothing drawn above one of them ends up below it.
std::vector<bool> base_layers(const picture_plan& plan, const picture_inputs& in) {
  std::vector<bool> base(plan.layers.size(), false);
  std::vector<size_t> chosen;
  for (size_t k = 0; k < plan.layers.size(); ++k) {
    const visual_layer& l = plan.layers[k];
    bool overlaps = false;
    for (size_t j : chosen)
      overlaps = overlaps || (plan.layers[j].seg_f0 < l.seg_f1 && l.seg_f0 < plan.layers[j].seg_f1);
    if (in.layer[k] == SIZE_MAX || !l.covers_canvas(plan.width, plan.height) || overlaps ||
        l.f1 > plan.frames)
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
        mask = inputs.add(path, input_kind::still, info);
        inputs.use_video(mask, 0, 0);
      }
    }
    size_t input = SIZE_MAX;
    if (l.source == layer_source::media) {
      const material_source& src = local.at(l.material_path);
      if (l.photo) {
        input = inputs.add(src.local_path, input_kind::photo, src.info);
        inputs.use_video(input, 0, 0);
      } else {
        input = inputs.add(src.local_path, input_kind::media, src.info);
        const auto range = source_of(*l.seg);
        inputs.use_video(input, range.start, range.end());
      }
    } else if (!l.picture_png.empty()) {
      probe_info info;
      info.has_video = info.has_alpha = true;
      info.width = l.src_w;
      info.height = l.src_h;
      const std::string path = work_dir + "/caption_" + std::to_string(files.size()) + ".png";
      files.push_back({path, l.picture_png});
      input = inputs.add(path, input_kind::still, info);
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
  const std::vector<bool> base = base_layers(plan, in);

  // Every layer's chain, cut into its body and the parts inside its transitions.
  struct layer_parts {
    std::string body, in_part, out_part;
    layer_frames frames;
  };
  std::vector<layer_parts> parts(plan.layers.size());
  for (size_t k = 0; k < plan.layers.size(); ++k) {
    const visual_layer& l = plan.layers[k];
    layer_parts& p = parts[k];
    p.frames = emit_layer(ctx, k, in.layer[k], ctx.inputs.take_video(in.layer[k]), in.mask[k]);
    const auto [b0, b1] = body_of(plan, links[k], k);
    std::vector<std::pair<std::string*, std::pair<int64_t, int64_t>>> cuts;
    if (b1 > b0)
      cuts.push_back({&p.body, {b0, b1}});
    if (links[k].in >= 0)
      cuts.push_back({&p.in_part, {l.f0, b0}});
    if (links[k].out >= 0)
      cuts.push_back({&p.out_part, {b1, l.f1}});
    if (cuts.size() == 1 && cuts[0].second == std::make_pair(l.f0, l.f1)) {
      *cuts[0].first = p.frames.label;
      continue;
    }
    const std::string tag = p.frames.label.substr(1, p.frames.label.size() - 2);
    g << p.frames.label << "split=" << cuts.size();
    for (size_t c = 0; c < cuts.size(); ++c)
      g << "[" << tag << "s" << c << "]";
    g << ";\n";
    for (size_t c = 0; c < cuts.size(); ++c) {
      *cuts[c].first = "[" + tag + "p" + std::to_string(c) + "]";
      g << "[" << tag << "s" << c << "]trim=start_frame=" << (cuts[c].second.first - l.f0)
        << ":end_frame=" << (cuts[c].second.second - l.f0) << *cuts[c].first << ";\n";
    }
  }

  // An xfade transition: both pictures over its frames, whole canvases (transparent where a
  // layer does not cover it) unless both already are, blended by FFmpeg's xfade.
  int transparent = 0;
  auto on_canvas = [&](size_t k, const std::string& part, int64_t f0, int64_t f1) {
    if (plan.layers[k].covers_canvas(W, H))
      return part;
    const std::string canvas = "[tc" + std::to_string(transparent) + "]";
    const std::string out = "[tl" + std::to_string(transparent++) + "]";
    g << "color=c=black@0:s=" << W << "x" << H << ":r=" << rate
      << ",format=yuva420p,trim=end_frame=" << (f1 - f0) << ",settb=" << tb << ",setpts=N+" << f0
      << canvas << ";\n"
      << canvas << part << "overlay=x='" << parts[k].frames.x << "':y='" << parts[k].frames.y
      << "':format=yuv420:eof_action=pass" << out << ";\n";
    return out;
  };
  std::vector<std::string> transition_label(plan.transitions.size());
  for (size_t t = 0; t < plan.transitions.size(); ++t) {
    const transition_plan& tp = plan.transitions[t];
    if (tp.xfade.empty())
      continue;
    const std::string a = on_canvas(tp.from, parts[tp.from].out_part, tp.f0, tp.f1);
    const std::string b = on_canvas(tp.to, parts[tp.to].in_part, tp.f0, tp.f1);
    const int64_t n = tp.f1 - tp.f0;
    transition_label[t] = "[tx" + std::to_string(t) + "]";
    const bool opaque = base[tp.from] && base[tp.to];
    g << a << b << "xfade=transition=" << tp.xfade
      << ":duration=" << decimal(plan.clock.seconds(n), 6) << ":offset=0,trim=end_frame=" << n
      << ",settb=" << tb << ",setpts=N+" << tp.f0
      << (opaque ? ",format=yuv420p,setsar=1" : ",format=yuva420p") << transition_label[t] << ";\n";
  }

  // The bottom: base pieces and base transitions in time order, black in between.
  struct piece {
    int64_t f0, f1;
    std::string label;
  };
  std::vector<piece> pieces;
  for (size_t k = 0; k < plan.layers.size(); ++k)
    if (base[k] && !parts[k].body.empty()) {
      const auto [b0, b1] = body_of(plan, links[k], k);
      pieces.push_back({b0, b1, parts[k].body});
    }
  for (size_t t = 0; t < plan.transitions.size(); ++t)
    if (!transition_label[t].empty() && base[plan.transitions[t].from] &&
        base[plan.transitions[t].to])
      pieces.push_back({plan.transitions[t].f0, plan.transitions[t].f1, transition_label[t]});
  std::sort(pieces.begin(), pieces.end(),
            [](const piece& a, const piece& b) { return a.f0 < b.f0; });
  if (pieces.empty()) {
    g << "color=c=black:s=" << W << "x" << H << ":r=" << rate << ",trim=end_frame=" << plan.frames
      << ",format=yuv420p,settb=" << tb << ",setpts=N[bg0];\n";
  } else {
    std::string list;
    int n = 0;
    int64_t cursor = 0;
    auto black = [&](int64_t frames) {
      const std::string label = "[base" + std::to_string(n++) + "]";
      g << "color=c=black:s=" << W << "x" << H << ":r=" << rate << ",trim=end_frame=" << frames
        << ",format=yuv420p,setsar=1" << label << ";\n";
      list += label;
    };
    for (const auto& pc : pieces) {
      if (pc.f0 > cursor)
        black(pc.f0 - cursor);
      const std::string label = "[base" + std::to_string(n++) + "]";
      g << pc.label << "setsar=1" << label << ";\n";
      list += label;
      cursor = pc.f1;
    }
    if (cursor < plan.frames)
      black(plan.frames - cursor);
    // Timestamps from the frame count: concat guesses a one-frame piece's length as zero.
    g << list << "concat=n=" << n << ":v=1:a=0,settb=" << tb << ",setpts=N[bg0];\n";
  }

  // Everything else on top, in render order; a transition where its incoming layer is.
  std::string current = "[bg0]";
  int layer = 0;
  auto overlay = [&](const std::string& what, const std::string& x, const std::string& y) {
    const std::string next = "[bg" + std::to_string(++layer) + "]";
    g << current << what << "overlay=x='" << x << "':y='" << y << "':eof_action=pass" << next
      << ";\n";
    current = next;
  };
  for (size_t k = 0; k < plan.layers.size(); ++k) {
    if (links[k].in >= 0 && !base[k])
      overlay(transition_label[static_cast<size_t>(links[k].in)], "0", "0");
    if (!base[k] && !parts[k].body.empty())
      overlay(parts[k].body, parts[k].frames.x, parts[k].frames.y);
  }
  g << current << "format=yuv420p[vout];\n";
}

} // namespace cutqueue::render
