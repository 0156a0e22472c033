#include "render/picture_graph.hpp"

#include "render/curve.hpp"

#include <algorithm>

namespace cutqueue::render {

namespace {

draft::timerange source_of(const draft::segment& s) {
  if (s.has_source && s.source.duration > 0)
    return s.source;
  return {0, static_cast<int64_t>(std::llround(static_cast<double>(s.target.duration) * s.speed))};
}

/// The bottom layers that each cover the whole canvas opaquely, one at a time: they are
/// concatenated with black between them, as a person would write it. Overlaying each onto a
/// black canvas costs a full frame copy per layer and frame (measured: 16 % more CPU on
/// long_draft). Returns their indexes in time order.
std::vector<size_t> base_layers(const picture_plan& plan, const picture_inputs& in) {
  std::vector<size_t> base;
  for (size_t k = 0; k < plan.layers.size(); ++k) {
    const visual_layer& l = plan.layers[k];
    bool overlaps = false;
    for (size_t j : base)
      overlaps = overlaps || (plan.layers[j].f0 < l.f1 && l.f0 < plan.layers[j].f1);
    if (in.layer[k] == SIZE_MAX || !l.covers_canvas(plan.width, plan.height) || overlaps ||
        l.f1 > plan.frames)
      break;
    base.push_back(k);
  }
  std::sort(base.begin(), base.end(),
            [&](size_t a, size_t b) { return plan.layers[a].f0 < plan.layers[b].f0; });
  return base;
}

} // namespace

picture_inputs register_pictures(const picture_plan& plan, const material_sources& local,
                                 input_table& inputs, const std::string& /*work_dir*/,
                                 std::vector<graph_file>& /*files*/) {
  picture_inputs in;
  for (const auto& l : plan.layers) {
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
    } else if (!l.picture_file.empty()) {
      probe_info info;
      info.has_video = info.has_alpha = true;
      info.width = l.src_w;
      info.height = l.src_h;
      input = inputs.add(l.picture_file, input_kind::still, info);
      inputs.use_video(input, 0, 0);
    }
    in.layer.push_back(input);
    in.mask.push_back(SIZE_MAX);
  }
  return in;
}

void emit_picture(chain_context& ctx, const draft::document& d, const picture_inputs& in,
                  const drawtext_fonts& fonts, std::vector<draft::unsupported_feature>& notes) {
  const picture_plan& plan = ctx.plan;
  auto& g = ctx.graph;
  const int W = plan.width, H = plan.height;
  const std::string rate = plan.clock.rate();
  const std::vector<size_t> base = base_layers(plan, in);

  if (base.empty()) {
    g << "color=c=black:s=" << W << "x" << H << ":r=" << rate << ",trim=end_frame=" << plan.frames
      << ",format=yuv420p[bg0];\n";
  } else {
    std::string parts;
    int n = 0;
    int64_t cursor = 0;
    auto black = [&](int64_t frames) {
      const std::string label = "[base" + std::to_string(n++) + "]";
      g << "color=c=black:s=" << W << "x" << H << ":r=" << rate << ",trim=end_frame=" << frames
        << ",format=yuv420p,setsar=1" << label << ";\n";
      parts += label;
    };
    for (size_t k : base) {
      const visual_layer& l = plan.layers[k];
      if (l.f0 > cursor)
        black(l.f0 - cursor);
      const layer_frames lf =
          emit_layer(ctx, k, in.layer[k], ctx.inputs.take_video(in.layer[k]), in.mask[k]);
      const std::string label = "[base" + std::to_string(n++) + "]";
      g << lf.label << "setsar=1" << label << ";\n";
      parts += label;
      cursor = l.f1;
    }
    if (cursor < plan.frames)
      black(plan.frames - cursor);
    // Timestamps from the frame count: concat guesses a one-frame piece's length as zero.
    g << parts << "concat=n=" << n << ":v=1:a=0,settb=" << plan.clock.time_base()
      << ",setpts=N[bg0];\n";
  }

  std::string current = "[bg0]";
  int layer = 0, captions = 0;
  for (size_t k = 0; k < plan.layers.size(); ++k) {
    if (std::find(base.begin(), base.end(), k) != base.end())
      continue;
    const visual_layer& l = plan.layers[k];
    if (in.layer[k] == SIZE_MAX) {
      const std::string drawn =
          emit_drawtext_caption(g, current, *l.seg, d.texts.at(l.seg->material_id), fonts, W, H,
                                ctx.work_dir, ctx.files, captions, notes);
      if (!drawn.empty())
        current = drawn;
      continue;
    }
    const layer_frames lf =
        emit_layer(ctx, k, in.layer[k], ctx.inputs.take_video(in.layer[k]), in.mask[k]);
    const std::string next = "[bg" + std::to_string(++layer) + "]";
    g << current << lf.label << "overlay=x='" << lf.x << "':y='" << lf.y << "':eof_action=pass"
      << next << ";\n";
    current = next;
  }
  g << current << "format=yuv420p[vout];\n";
}

} // namespace cutqueue::render
