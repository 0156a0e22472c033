// The picture stage through build_ffmpeg_job on fake probe results: the bottom layers (nothing
// below them) are one concat of whole canvases, an xfade between two of them is a piece of it,
// layers joined by transitions above the bottom are xfaded on transparent canvases into one
// stream and overlaid, masks are still inputs, photos are read once per use and repeated.
#include "render/ffmpeg_graph.hpp"
#include "tests/render/draft_fragments.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <sstream>

namespace cutqueue::render {
namespace {

using test::add_transition;
using test::draft_builder;

size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1))
    ++n;
  return n;
}

/// Every line of the graph is one chain: a source (color, anullsrc) or labelled inputs, then
/// filters; a source never follows a label (a chain written into the middle of another).
void expect_well_formed(const std::string& graph) {
  std::istringstream in(graph);
  std::string line;
  const std::regex chain(R"(^((\[[A-Za-z0-9:_]+\])+|color=|anullsrc=)[^\[]*)");
  while (std::getline(in, line)) {
    if (line.empty())
      continue;
    EXPECT_TRUE(std::regex_search(line, chain)) << line;
    EXPECT_EQ(line.find("]color="), std::string::npos) << line;
    for (const char* two_inputs : {"xfade=", "overlay=", "alphamerge"}) {
      if (line.find(two_inputs) != std::string::npos) {
        EXPECT_TRUE(std::regex_search(line, std::regex(R"(^\[[^\]]+\]\[[^\]]+\])"))) << line;
      }
    }
  }
}

struct built {
  draft::document d;
  ffmpeg_job job;
};

built build(const draft_builder& b) {
  built out;
  out.d = test::parse(b);
  graph_config cfg;
  cfg.work_dir = "/work/job";
  cfg.output_path = "/out/x.mp4";
  std::string error;
  EXPECT_TRUE(build_ffmpeg_job(out.d, test::sources_of(out.d), cfg, out.job, error)) << error;
  expect_well_formed(out.job.filter_graph);
  return out;
}

/// The line of the graph that contains `needle`.
std::string line_with(const std::string& graph, const std::string& needle) {
  const auto at = graph.find(needle);
  if (at == std::string::npos)
    return {};
  const auto begin = graph.rfind('\n', at);
  const auto end = graph.find('\n', at);
  return graph.substr(begin == std::string::npos ? 0 : begin + 1,
                      end == std::string::npos ? std::string::npos : end - begin - 1);
}

TEST(PictureGraph, FullCanvasClipsOneAfterAnotherAreConcatenatedNotOverlaid) {
  draft_builder b(640, 360, 3000000);
  auto r = b.video("/r.mp4", 640, 360);
  auto g = b.video("/g.mp4", 1280, 720); // fitted to exactly the canvas
  auto t = b.track("video");
  b.segment(t, r, 0, 1000000, 1);
  b.segment(t, g, 2000000, 1000000, 1); // a second of black between them
  const auto out = build(b);
  const std::string& f = out.job.filter_graph;
  EXPECT_EQ(count(f, "overlay="), 0u) << f;
  EXPECT_NE(f.find("concat=n=3:v=1:a=0"), std::string::npos) << f; // clip, black, clip
  EXPECT_NE(f.find("format=yuv420p,trim=end_frame=30,settb=1/30,setpts=N+30"), std::string::npos)
      << "one second of black from 1 s\n"
      << f;
}

TEST(PictureGraph, AnXfadeBetweenTwoFullCanvasClipsIsOnePieceOfTheConcat) {
  draft_builder b(640, 360, 6000000);
  auto r = b.video("/r.mp4", 640, 360);
  auto g = b.video("/g.mp4", 640, 360);
  auto t = b.track("video");
  auto& first = b.segment(t, r, 0, 3000000, 1);
  add_transition(b, first, "叠化", 1000000, "6724845717472416269");
  b.segment(t, g, 3000000, 3000000, 1);
  const auto out = build(b);
  const std::string& f = out.job.filter_graph;
  EXPECT_EQ(count(f, "overlay="), 0u) << f;
  EXPECT_EQ(count(f, "black@0"), 0u) << "no transparent canvas for full-canvas clips\n" << f;
  const std::string xfade = line_with(f, "xfade=");
  EXPECT_NE(xfade.find("xfade=transition=fade:duration=1:offset=0,trim=end_frame=30"),
            std::string::npos)
      << xfade;
  EXPECT_NE(xfade.find("setpts=N+75"), std::string::npos) << "placed at 2.5 s: " << xfade;
  // Red's body (0-2.5 s), the transition (2.5-3.5 s), green's body (3.5-6 s).
  EXPECT_NE(f.find("[base0][base1][base2]concat=n=3:v=1:a=0"), std::string::npos) << f;
  EXPECT_NE(f.find("trim=start_frame=0:end_frame=75"), std::string::npos) << f;
  EXPECT_NE(f.find("trim=start_frame=75:end_frame=105"), std::string::npos) << f;
  EXPECT_NE(f.find("trim=start_frame=30:end_frame=105"), std::string::npos) << f;
}

TEST(PictureGraph, AClipBetweenTwoTransitionsIsCutIntoItsTwoWindowsAndItsBody) {
  // 0-2 s, 2-3 s, 3-5 s with 1 s transitions: each window takes half of the 1 s middle clip
  // (frames 45..75 and 75..105), which leaves it no frames of its own.
  draft_builder b(640, 360, 5000000);
  auto r = b.video("/r.mp4", 640, 360);
  auto t = b.track("video");
  auto& first = b.segment(t, r, 0, 2000000, 1);
  add_transition(b, first, "叠化", 1000000, "6724845717472416269");
  auto& middle = b.segment(t, r, 2000000, 1000000, 1);
  add_transition(b, middle, "闪黑", 1000000, "6724239388189921806");
  b.segment(t, r, 3000000, 2000000, 1);
  const auto out = build(b);
  const std::string& f = out.job.filter_graph;
  EXPECT_EQ(count(f, "overlay="), 0u) << f;
  EXPECT_EQ(count(f, "xfade="), 2u) << f;
  // first body, fade, middle body (empty: both windows cover it), fadeblack, last body.
  EXPECT_NE(f.find("concat=n=4:v=1:a=0"), std::string::npos) << f;
  EXPECT_NE(line_with(f, "xfade=transition=fade").find("setpts=N+45"), std::string::npos) << f;
  EXPECT_NE(line_with(f, "xfade=transition=fadeblack").find("setpts=N+75"), std::string::npos) << f;
}

TEST(PictureGraph, ATransitionBetweenPicturesInPicturesIsDrawnOnTransparentCanvases) {
  draft_builder b(640, 360, 4000000);
  auto bg = b.video("/bg.mp4", 640, 360);
  auto r = b.video("/r.mp4", 640, 360);
  auto g = b.video("/g.mp4", 640, 360);
  b.segment(b.track("video"), bg, 0, 4000000, 1);
  auto pip = b.track("video");
  auto& first = b.segment(pip, r, 0, 2000000, 2);
  first["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  first["clip"]["transform"] = {{"x", 0.5}, {"y", -0.5}}; // bottom right: x 320, y 180
  add_transition(b, first, "向左擦除", 1000000, "6724849999336706573");
  auto& second = b.segment(pip, g, 2000000, 2000000, 2);
  second["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  second["clip"]["transform"] = {{"x", 0.5}, {"y", -0.5}};
  const auto out = build(b);
  const std::string& f = out.job.filter_graph;
  // Each picture is put where it belongs on a transparent canvas of the whole frame ...
  EXPECT_EQ(count(f, "color=c=black@0:s=640x360"), 2u) << f;
  EXPECT_EQ(count(f, "overlay=x='320':y='180':format=yuv420:eof_action=pass"), 2u) << f;
  // ... the two canvases are wiped into one stream from 1.5 s into the first one, which keeps
  // its transparency and is laid over the picture below.
  const std::string xfade = line_with(f, "xfade=");
  EXPECT_NE(xfade.find("xfade=transition=wipeleft:duration=1:offset=1.5"), std::string::npos)
      << xfade;
  EXPECT_NE(f.find("format=yuva420p,settb=1/30,setpts=N+0"), std::string::npos) << f;
  EXPECT_EQ(count(f, "overlay=x='0':y='0':eof_action=pass"), 1u) << f;
  // The background alone is the bottom (no black gaps to fill).
  EXPECT_NE(f.find("concat=n=1:v=1:a=0"), std::string::npos) << f;
}

TEST(PictureGraph, AFullClipTransitioningIntoAStillPictureInPictureIsPaddedIntoTheConcat) {
  draft_builder b(640, 360, 4000000);
  auto r = b.video("/r.mp4", 640, 360);
  auto g = b.video("/g.mp4", 640, 360);
  auto t = b.track("video");
  auto& first = b.segment(t, r, 0, 2000000, 1);
  add_transition(b, first, "叠化", 1000000, "6724845717472416269");
  auto& second = b.segment(t, g, 2000000, 2000000, 1);
  second["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  const auto out = build(b);
  const std::string& f = out.job.filter_graph;
  // Nothing is below either clip: the picture-in-picture is padded with black into a whole
  // canvas, and the transition is a piece of the bottom like any other.
  EXPECT_NE(f.find("pad=w=640:h=360:x=160:y=90:color=black"), std::string::npos) << f;
  EXPECT_EQ(count(f, "black@0"), 0u) << f;
  EXPECT_EQ(count(f, "overlay="), 0u) << f;
  EXPECT_NE(line_with(f, "xfade=").find("xfade=transition=fade:duration=1:offset=0"),
            std::string::npos)
      << f;
  EXPECT_NE(f.find("concat=n=3:v=1:a=0"), std::string::npos) << f;
}

TEST(PictureGraph, AMaskIsRasterisedOnceIntoAStillInput) {
  draft_builder b(640, 360, 2000000);
  auto m = b.video("/m.mp4", 640, 360);
  auto& s = b.segment(b.track("video"), m, 0, 2000000, 1);
  test::add_mask(b, s, {});
  const auto out = build(b);
  const auto& files = out.job.files;
  auto png = std::find_if(files.begin(), files.end(), [](const graph_file& f) {
    return f.path.find("/work/job/mask_") == 0 && f.path.size() > 4 &&
           f.path.substr(f.path.size() - 4) == ".png";
  });
  ASSERT_NE(png, files.end());
  EXPECT_EQ(png->content.substr(1, 3), "PNG");
  const auto& argv = out.job.argv;
  auto in = std::find(argv.begin(), argv.end(), "file:" + png->path);
  ASSERT_NE(in, argv.end());
  EXPECT_EQ(*(in - 3), "-framerate") << "read as one frame";
  EXPECT_NE(out.job.filter_graph.find("alphamerge"), std::string::npos);
  // A masked clip no longer covers the canvas: it is overlaid on black.
  EXPECT_EQ(count(out.job.filter_graph, "overlay="), 1u) << out.job.filter_graph;
}

TEST(PictureGraph, APhotoUsedTwiceIsReadOncePerUseAndLoopedInMemory) {
  draft_builder b(640, 360, 2000000);
  auto ph = b.video("/p.png", 640, 360, true);
  auto t = b.track("video");
  b.segment(t, ph, 0, 1000000, 1);
  b.segment(t, ph, 1000000, 1000000, 1);
  const auto out = build(b);
  const auto& argv = out.job.argv;
  // Each use its own input, so no split holds one use's frames for the other.
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "file:/p.png"), 2);
  EXPECT_EQ(count(out.job.filter_graph, "split"), 0u) << out.job.filter_graph;
  EXPECT_EQ(count(out.job.filter_graph, "loop=loop=29:size=1"), 2u) << out.job.filter_graph;
}

} // namespace
} // namespace cutqueue::render
