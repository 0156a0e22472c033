// emit_layer: one layer's chain. What changes from frame to frame goes into a sendcmd script
// whose commands fall half a frame before exactly the frames whose state changes; where the
// layer is drawn is an overlay expression only when it moves.
#include "render/curve.hpp"
#include "render/layer_chain.hpp"
#include "tests/render/draft_fragments.hpp"

#include <gtest/gtest.h>

extern "C" {
#include <libavutil/eval.h>
}

#include <cmath>
#include <map>
#include <sstream>

namespace cutqueue::render {
namespace {

using test::add_animations;
using test::add_keyframes;
using test::draft_builder;

struct chain_out {
  std::string graph;
  std::vector<graph_file> files;
  layer_frames frames;
  std::string mask_tap;
};

/// Emits layer `index` of `p` reading a fake input (and a fake mask picture when `mask`).
chain_out chain_of(const picture_plan& p, size_t index, bool mask = false) {
  const visual_layer& l = p.layers[index];
  input_table inputs;
  const size_t in = inputs.add(l.seg, "/in/" + std::to_string(index),
                               l.photo || l.source == layer_source::caption ? input_kind::photo
                                                                            : input_kind::media,
                               test::fake_probe(l.src_w, l.src_h));
  inputs.use_video(in, 0, 10000000);
  size_t mask_in = SIZE_MAX;
  if (mask) {
    mask_in = inputs.add(nullptr, "/in/mask.png", input_kind::still, test::fake_probe(64, 64));
    inputs.use_video(mask_in, 0, 0);
  }
  std::ostringstream fan;
  inputs.write_fanout(fan);
  chain_out out;
  std::ostringstream g;
  chain_context ctx{g, out.files, inputs, p, "/work/job"};
  out.frames = emit_layer(ctx, index, in, inputs.take_video(in), mask_in);
  out.graph = g.str();
  return out;
}

/// A sendcmd script as frame -> ("target what" -> argument); every time must be half a frame
/// before a frame of the layer.
std::map<int64_t, std::map<std::string, std::string>> parse_script(const std::string& text,
                                                                   double fps) {
  std::map<int64_t, std::map<std::string, std::string>> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty())
      continue;
    const double t = std::stod(line);
    const double frame = t * fps + 0.5;
    EXPECT_NEAR(frame, std::round(frame), 1e-3) << "not half a frame before a frame: " << line;
    const auto k = static_cast<int64_t>(std::llround(frame));
    EXPECT_EQ(out.count(k), 0u) << "two lines for frame " << k;
    const auto open = line.find("[enter] ");
    EXPECT_NE(open, std::string::npos) << line;
    std::string cmds = line.substr(open + 8);
    EXPECT_EQ(cmds.back(), ';') << line;
    cmds.pop_back();
    std::istringstream parts(cmds);
    std::string cmd;
    while (std::getline(parts, cmd, ',')) {
      std::istringstream words(cmd);
      std::string target, what, arg;
      words >> target >> what >> arg;
      out[k][target + " " + what] = arg;
    }
  }
  return out;
}

/// The value of an overlay expression at time t with the overlay's size w x h.
double eval_overlay(const std::string& expr, double t, double w, double h) {
  static const char* const names[] = {"t", "w", "h", nullptr};
  const double values[] = {t, w, h};
  double out = NAN;
  EXPECT_GE(av_expr_parse_and_eval(&out, expr.c_str(), names, values, nullptr, nullptr, nullptr,
                                   nullptr, nullptr, 0, nullptr),
            0)
      << expr.substr(0, 200);
  return out;
}

/// The name a filter instance got in the graph, e.g. "scale@s0", from its prefix.
std::string instance(const std::string& graph, const std::string& prefix) {
  const auto at = graph.find(prefix);
  if (at == std::string::npos)
    return {};
  const auto end = graph.find('=', at);
  return graph.substr(at, end - at);
}

int px(double v) {
  return std::max(1, static_cast<int>(std::lround(v)));
}

TEST(LayerChain, AStaticLayerHasNoSendcmdAndAFixedPosition) {
  draft_builder b(640, 360, 1000000);
  auto m = b.video("/m.mp4", 1280, 720);
  auto& s = b.segment(b.track("video"), m, 0, 1000000, 1);
  s["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  s["clip"]["transform"] = {{"x", 0.5}, {"y", 0.5}};
  const auto d = test::parse(b);
  const auto p = plan_picture(d, test::probe_all(d), {});
  const chain_out c = chain_of(p, 0);
  EXPECT_EQ(c.graph.find("sendcmd"), std::string::npos) << c.graph;
  EXPECT_TRUE(c.files.empty());
  EXPECT_NE(c.graph.find("scale=320:180"), std::string::npos) << c.graph;
  EXPECT_FALSE(c.frames.moves);
  EXPECT_EQ(c.frames.x, "320");
  EXPECT_EQ(c.frames.y, "0");
}

TEST(LayerChain, ZoomInWritesScaleAndOpacityCommandsOnExactlyTheFramesThatChange) {
  draft_builder b(640, 360, 2000000);
  auto ph = b.video("/p.png", 640, 360, true);
  auto& s = b.segment(b.track("video"), ph, 0, 2000000, 1);
  s["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  add_animations(b, s, {{"放大", "in", "video", 0, 1000000, "6798332733694153230"}});
  const auto d = test::parse(b);
  const auto p = plan_picture(d, test::probe_all(d), {});
  const visual_layer& l = p.layers[0];
  const chain_out c = chain_of(p, 0);
  ASSERT_EQ(c.files.size(), 1u);
  EXPECT_EQ(c.files[0].path, "/work/job/layer_0.cmd");
  EXPECT_NE(c.graph.find("sendcmd=f=/work/job/layer_0.cmd"), std::string::npos) << c.graph;
  const std::string scale = instance(c.graph, "scale@"), lut = instance(c.graph, "lutyuv@");
  ASSERT_FALSE(scale.empty() || lut.empty()) << c.graph;
  // Drawn at its largest size, scaled down frame by frame from the size of its first frame.
  EXPECT_NE(c.graph.find("scale=320:180"), std::string::npos) << c.graph;
  EXPECT_NE(c.graph.find(scale + "=" + std::to_string(px(l.frames[0].w)) + ":" +
                         std::to_string(px(l.frames[0].h))),
            std::string::npos)
      << c.graph;
  const auto script = parse_script(c.files[0].content, 30);
  for (size_t k = 1; k < l.frames.size(); ++k) {
    const frame_state &f = l.frames[k], &prev = l.frames[k - 1];
    const auto at = script.find(static_cast<int64_t>(k));
    const bool w_changes = px(f.w) != px(prev.w);
    const bool h_changes = px(f.h) != px(prev.h);
    const bool a_changes = std::fabs(f.alpha - prev.alpha) > 1e-6;
    ASSERT_EQ(at != script.end(), w_changes || h_changes || a_changes) << "frame " << k;
    if (at == script.end())
      continue;
    const auto& cmds = at->second;
    EXPECT_EQ(cmds.count(scale + " w"), w_changes ? 1u : 0u) << "frame " << k;
    EXPECT_EQ(cmds.count(scale + " h"), h_changes ? 1u : 0u) << "frame " << k;
    if (w_changes) {
      EXPECT_EQ(cmds.at(scale + " w"), std::to_string(px(f.w))) << "frame " << k;
    }
    if (h_changes) {
      EXPECT_EQ(cmds.at(scale + " h"), std::to_string(px(f.h))) << "frame " << k;
    }
    if (a_changes) {
      EXPECT_EQ(cmds.at(lut + " a"), "val*" + decimal(f.alpha, 4)) << "frame " << k;
    }
  }
  EXPECT_GE(script.size(), 25u);         // the zoom changes the size on most of its 30 frames
  EXPECT_LE(script.rbegin()->first, 30); // nothing after the animation
  // Growing about its centre: it moves, so its place is an expression of its size.
  EXPECT_TRUE(c.frames.moves);
  for (int64_t k = 0; k < 40; ++k) {
    const frame_state& f = l.at(k);
    EXPECT_NEAR(eval_overlay(c.frames.x, k / 30.0, px(f.w), px(f.h)), f.cx - px(f.w) / 2.0, 0.01);
    EXPECT_NEAR(eval_overlay(c.frames.y, k / 30.0, px(f.w), px(f.h)), f.cy - px(f.h) / 2.0, 0.01);
  }
}

TEST(LayerChain, ASlideMovesOnlyByTheOverlayExpression) {
  draft_builder b(640, 360, 2000000);
  auto ph = b.video("/p.png", 640, 360, true);
  auto& s = b.segment(b.track("video"), ph, 0, 2000000, 1);
  s["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  add_animations(b, s, {{"向右滑动", "in", "video", 0, 1000000, "6798333076469453320"}});
  const auto d = test::parse(b);
  const auto p = plan_picture(d, test::probe_all(d), {});
  const visual_layer& l = p.layers[0];
  const chain_out c = chain_of(p, 0);
  EXPECT_TRUE(c.files.empty()) << "a slide changes no size, opacity or angle";
  EXPECT_TRUE(c.frames.moves);
  for (int64_t k = 0; k < 60; ++k) {
    EXPECT_NEAR(eval_overlay(c.frames.x, k / 30.0, 320, 180), l.at(k).cx - 160, 0.01) << k;
    EXPECT_NEAR(eval_overlay(c.frames.y, k / 30.0, 320, 180), 90, 0.01) << k;
  }
}

TEST(LayerChain, RotationKeyframesTurnTheLayerInRadiansInsideAFixedBox) {
  draft_builder b(640, 360, 1000000);
  auto m = b.video("/m.mp4", 640, 360);
  auto& s = b.segment(b.track("video"), m, 0, 1000000, 1);
  s["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  add_keyframes(s, "KFTypeRotation", {{0, 0.0}, {1000000, 90.0}});
  const auto d = test::parse(b);
  const auto p = plan_picture(d, test::probe_all(d), {});
  const visual_layer& l = p.layers[0];
  const chain_out c = chain_of(p, 0);
  const std::string rotate = instance(c.graph, "rotate@");
  ASSERT_FALSE(rotate.empty()) << c.graph;
  ASSERT_EQ(c.files.size(), 1u);
  const auto script = parse_script(c.files[0].content, 30);
  EXPECT_EQ(script.size(), 29u); // every frame after the first turns
  for (const auto& [k, cmds] : script) {
    ASSERT_EQ(cmds.count(rotate + " a"), 1u) << k;
    EXPECT_NEAR(std::stod(cmds.at(rotate + " a")), l.at(k).rotation * M_PI / 180, 1e-5) << k;
    EXPECT_EQ(cmds.count("scale@s0 w"), 0u) << "turning does not resize";
  }
  // The box holds the picture at every angle it takes: 320x180 needs 367 px at 30 and 60
  // degrees, plus a pixel on each side.
  EXPECT_NE(c.graph.find(":ow=370:oh=370:c=black@0"), std::string::npos) << c.graph;
  // Its place is the centre minus half the box, on every frame.
  EXPECT_NEAR(eval_overlay(c.frames.x, 0.5, 370, 370), 320 - 185, 0.01);
  EXPECT_NEAR(eval_overlay(c.frames.y, 0.5, 370, 370), 180 - 185, 0.01);
}

TEST(LayerChain, AWipeCropsFromItsEdgeAndPadsBackToTheFullSize) {
  draft_builder b(640, 360, 2000000);
  auto txt = b.text("WIPE");
  auto& s = b.segment(b.track("text"), txt, 0, 2000000, 3);
  add_animations(b, s, {{"打字机 I", "in", "sticker", 0, 1000000, "6724920249654710791"}});
  const auto d = test::parse(b);
  const auto p = plan_picture(
      d, {},
      [](const draft::segment&, const draft::text_material&, double, double, caption_picture& out) {
        out.png = "-";
        out.width = 200;
        out.height = 50;
        return true;
      });
  const visual_layer& l = p.layers[0];
  const chain_out c = chain_of(p, 0);
  // Revealed from the left edge: the crop keeps the left part (x=0) and the pad puts it back
  // on the left (x=0) of a transparent full-size frame.
  const std::string crop = instance(c.graph, "crop@v0_");
  ASSERT_FALSE(crop.empty()) << c.graph;
  EXPECT_NE(c.graph.find(crop + "=w=1:h=50:x=0:y=0:exact=1,pad=w=200:h=50:x=0:y=0"),
            std::string::npos)
      << c.graph;
  EXPECT_NE(c.graph.find("format=yuva420p"), std::string::npos);
  ASSERT_EQ(c.files.size(), 1u);
  const auto script = parse_script(c.files[0].content, 30);
  int64_t last = -1;
  for (const auto& [k, cmds] : script) {
    const int want = std::max(1, static_cast<int>(std::lround(200 * l.at(k).reveal)));
    ASSERT_EQ(cmds.count(crop + " w"), 1u) << k;
    EXPECT_EQ(cmds.at(crop + " w"), std::to_string(want)) << k;
    EXPECT_GT(std::stoi(cmds.at(crop + " w")), last) << k;
    last = std::stoi(cmds.at(crop + " w"));
  }
  EXPECT_EQ(last, 200);
  // A caption picture is read once and repeated.
  EXPECT_NE(c.graph.find("loop=loop=59:size=1"), std::string::npos) << c.graph;
}

TEST(LayerChain, AMaskIsAStillPictureMergedIntoTheAlpha) {
  draft_builder b(640, 360, 1000000);
  auto m = b.video("/m.mp4", 640, 360);
  auto& s = b.segment(b.track("video"), m, 0, 1000000, 1);
  test::add_mask(b, s, {});
  const auto d = test::parse(b);
  const auto p = plan_picture(d, test::probe_all(d), {});
  ASSERT_NE(p.layers[0].mask, nullptr);
  const chain_out c = chain_of(p, 0, true);
  EXPECT_NE(c.graph.find("[1:v:0]format=gray"), std::string::npos) << c.graph;
  EXPECT_NE(c.graph.find("alphamerge"), std::string::npos) << c.graph;
  EXPECT_NE(c.graph.find("format=yuva420p"), std::string::npos) << c.graph;
  EXPECT_EQ(c.graph.find("sendcmd"), std::string::npos);
}

TEST(LayerChain, APhotoIsDecodedOnceAndLoopedForEveryFrame) {
  draft_builder b(640, 360, 3000000);
  auto ph = b.video("/p.png", 640, 360, true);
  b.segment(b.track("video"), ph, 1000000, 2000000, 1);
  const auto d = test::parse(b);
  const auto p = plan_picture(d, test::probe_all(d), {});
  const chain_out c = chain_of(p, 0);
  EXPECT_NE(c.graph.find("loop=loop=59:size=1"), std::string::npos) << c.graph;
  EXPECT_EQ(c.graph.find("trim=start"), std::string::npos) << "a photo has no source range";
  EXPECT_NE(c.graph.find("setpts=PTS+30["), std::string::npos) << "placed at 1 s" << c.graph;
}

TEST(LayerChain, AVideoIsTrimmedRetimedAndHeldToItsFrames) {
  draft_builder b(640, 360, 3000000);
  auto m = b.video("/m.mp4", 640, 360);
  b.segment(b.track("video"), m, 1000000, 1000000, 1, 500000, 2000000, 2.0);
  const auto d = test::parse(b);
  const auto p = plan_picture(d, test::probe_all(d), {});
  const chain_out c = chain_of(p, 0);
  EXPECT_NE(c.graph.find(
                "trim=start=0.5:duration=2,setpts=PTS-0.5/TB,setpts=PTS/2,fps=30/1:start_time=0"),
            std::string::npos)
      << c.graph;
  EXPECT_NE(c.graph.find("trim=end_frame=30"), std::string::npos) << c.graph;
  EXPECT_NE(c.graph.find("setpts=PTS+30["), std::string::npos) << c.graph;
}

} // namespace
} // namespace cutqueue::render
