// The sound stage: volume keyframes become one volume expression evaluated per frame, on the
// segment's own (retimed) time, and evaluate in FFmpeg to the keyframed gain.
#include "render/ffmpeg_graph.hpp"
#include "tests/render/draft_fragments.hpp"

#include <gtest/gtest.h>

extern "C" {
#include <libavutil/eval.h>
}

#include <cmath>

namespace cutqueue::render {
namespace {

using test::add_keyframes;
using test::draft_builder;

std::string graph_of(const draft_builder& b) {
  const draft::document d = test::parse(b);
  graph_config cfg;
  cfg.work_dir = "/work/job";
  cfg.output_path = "/out/x.mp4";
  ffmpeg_job job;
  std::string error;
  EXPECT_TRUE(build_ffmpeg_job(d, test::sources_of(d, true), cfg, job, error)) << error;
  return job.filter_graph;
}

/// The expressions of every volume=volume='...':eval=frame of the graph.
std::vector<std::string> volume_expressions(const std::string& graph) {
  std::vector<std::string> out;
  const std::string open = "volume=volume='", close = "':eval=frame";
  for (size_t at = graph.find(open); at != std::string::npos; at = graph.find(open, at + 1)) {
    const auto end = graph.find(close, at);
    if (end == std::string::npos)
      break;
    out.push_back(graph.substr(at + open.size(), end - at - open.size()));
  }
  return out;
}

double eval_at(const std::string& expr, double t) {
  static const char* const names[] = {"t", nullptr};
  const double values[] = {t};
  double out = NAN;
  EXPECT_GE(av_expr_parse_and_eval(&out, expr.c_str(), names, values, nullptr, nullptr, nullptr,
                                   nullptr, nullptr, 0, nullptr),
            0)
      << expr;
  return out;
}

TEST(AudioGraph, VolumeKeyframesBecomeAPerFrameGainExpression) {
  // The keyframes fixture's ramp: 0 -> 1 over 2 s, held to 4 s, down to 0.2 at 6 s.
  draft_builder b(640, 360, 7000000);
  auto m = b.video("/y.mp4", 640, 360);
  auto& s = b.segment(b.track("video"), m, 1000000, 6000000, 1);
  add_keyframes(s, "KFTypeVolume", {{0, 0.0}, {2000000, 1.0}, {4000000, 1.0}, {6000000, 0.2}});
  const std::string g = graph_of(b);
  const auto exprs = volume_expressions(g);
  ASSERT_EQ(exprs.size(), 1u) << g;
  // t is the segment's own time (its timestamps start at 0 before the gain).
  EXPECT_NE(g.find("asetpts=PTS-STARTPTS,volume=volume='"), std::string::npos) << g;
  struct point {
    double t, gain;
  };
  for (const point& p :
       {point{0, 0}, point{0.5, 0.25}, point{1, 0.5}, point{2, 1}, point{3, 1}, point{4, 1},
        point{5, 0.6}, point{5.5, 0.4}, point{6, 0.2}, point{6.5, 0.2}})
    EXPECT_NEAR(eval_at(exprs[0], p.t), p.gain, 1e-6) << "t=" << p.t;
  // Placed at the segment's start on the timeline.
  EXPECT_NE(g.find("adelay=delays=48000S"), std::string::npos) << g;
}

TEST(AudioGraph, VolumeKeyframesOfAFastSegmentComeAtHalfTheirOffset) {
  draft_builder b(640, 360, 2000000);
  auto m = b.video("/y.mp4", 640, 360);
  auto& s = b.segment(b.track("video"), m, 0, 2000000, 1, 0, 4000000, 2.0);
  add_keyframes(s, "KFTypeVolume", {{0, 0.0}, {2000000, 1.0}});
  const std::string g = graph_of(b);
  const auto exprs = volume_expressions(g);
  ASSERT_EQ(exprs.size(), 1u) << g;
  // The gain follows the retimed sound: after atempo, not before.
  EXPECT_LT(g.find("atempo=2"), g.find("volume=volume=")) << g;
  EXPECT_NEAR(eval_at(exprs[0], 0.5), 0.5, 1e-6);
  EXPECT_NEAR(eval_at(exprs[0], 1.0), 1.0, 1e-6);
  EXPECT_NEAR(eval_at(exprs[0], 1.5), 1.0, 1e-6);
}

TEST(AudioGraph, VolumeKeyframesReplaceTheSegmentVolume) {
  draft_builder b(640, 360, 2000000);
  auto m = b.video("/y.mp4", 640, 360);
  auto& s = b.segment(b.track("video"), m, 0, 2000000, 1, 0, -1, 1.0, 0.0); // volume 0
  add_keyframes(s, "KFTypeVolume", {{0, 2.0}, {2000000, 0.5}});
  const auto exprs = volume_expressions(graph_of(b));
  ASSERT_EQ(exprs.size(), 1u) << "a muted segment that keyframes raise still sounds";
  EXPECT_NEAR(eval_at(exprs[0], 0.0), 2.0, 1e-6);
  EXPECT_NEAR(eval_at(exprs[0], 1.0), 1.25, 1e-6);
}

TEST(AudioGraph, ConstantVolumeIsAPlainGainAndUnityIsNoFilter) {
  draft_builder b(640, 360, 2000000);
  auto m = b.video("/y.mp4", 640, 360);
  auto t = b.track("video");
  b.segment(t, m, 0, 1000000, 1, 0, -1, 1.0, 0.25);
  b.segment(t, m, 1000000, 1000000, 1, 0, -1, 1.0, 1.0);
  const std::string g = graph_of(b);
  EXPECT_TRUE(volume_expressions(g).empty()) << g;
  size_t gains = 0;
  for (size_t at = g.find(",volume="); at != std::string::npos; at = g.find(",volume=", at + 1))
    ++gains;
  EXPECT_EQ(gains, 1u) << g;
  EXPECT_NE(g.find(",volume=0.25,"), std::string::npos) << g;
}

TEST(AudioGraph, AKeyframedVolumeOnAnAudioTrackIsCarriedToo) {
  draft_builder b(640, 360, 3000000);
  auto a = b.audio("/tone.m4a");
  auto& s = b.segment(b.track("audio"), a, 0, 3000000, 10);
  add_keyframes(s, "KFTypeVolume", {{1000000, 1.0}, {3000000, 0.0}});
  const auto exprs = volume_expressions(graph_of(b));
  ASSERT_EQ(exprs.size(), 1u);
  EXPECT_NEAR(eval_at(exprs[0], 0.5), 1.0, 1e-6); // held before the first keyframe
  EXPECT_NEAR(eval_at(exprs[0], 2.0), 0.5, 1e-6);
}

} // namespace
} // namespace cutqueue::render
