#include "render/ffmpeg_graph.hpp"
#include "tests/render/render_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

namespace cutqueue::render {
namespace {

using test::draft_builder;

bool has_pair(const std::vector<std::string>& argv, const std::string& a, const std::string& b) {
  for (size_t i = 0; i + 1 < argv.size(); ++i)
    if (argv[i] == a && argv[i + 1] == b)
      return true;
  return false;
}

size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1))
    ++n;
  return n;
}

struct built {
  draft::document d;
  ffmpeg_job job;
  std::string error;
  bool ok = false;
};

built build(const std::string& json_text, std::map<std::string, material_source> sources) {
  built b;
  auto pr = parse_draft(json_text, b.d);
  EXPECT_TRUE(pr.ok) << pr.error;
  graph_config cfg;
  cfg.work_dir = "/work/t1";
  cfg.output_path = "/out/.t1.mp4.part";
  cfg.x264_preset = "veryfast";
  b.ok = build_ffmpeg_job(b.d, sources, cfg, b.job, b.error);
  return b;
}

material_source video_src(const std::string& path, int w = 640, int h = 360, bool audio = true) {
  material_source s;
  s.local_path = path;
  s.info.has_video = true;
  s.info.has_audio = audio;
  s.info.width = w;
  s.info.height = h;
  s.info.duration = 4;
  return s;
}

TEST(FfmpegGraph, OutputSettings) {
  draft_builder b(640, 360, 9000000);
  auto m = b.video("/srv/red.mp4", 640, 360);
  auto t = b.track("video");
  b.segment(t, m, 0, 3000000, 1);
  auto r = build(b.dump(), {{"/srv/red.mp4", video_src("/local/red.mp4")}});
  ASSERT_TRUE(r.ok) << r.error;
  const auto& a = r.job.argv;
  EXPECT_EQ(a.front(), "ffmpeg");
  EXPECT_TRUE(has_pair(a, "-c:v", "libx264"));
  EXPECT_TRUE(has_pair(a, "-pix_fmt", "yuv420p"));
  EXPECT_TRUE(has_pair(a, "-c:a", "aac"));
  EXPECT_TRUE(has_pair(a, "-preset", "veryfast"));
  EXPECT_TRUE(has_pair(a, "-t", "9"));
  EXPECT_TRUE(has_pair(a, "-movflags", "+faststart"));
  EXPECT_TRUE(has_pair(a, "-progress", "pipe:1"));
  EXPECT_TRUE(has_pair(a, "-protocol_whitelist", "file"));
  EXPECT_TRUE(has_pair(a, "-i", "file:/local/red.mp4"));
  EXPECT_TRUE(has_pair(a, "-filter_complex_script", "/work/t1/filter_graph.txt"));
  EXPECT_TRUE(has_pair(a, "-f", "mp4"));
  EXPECT_NE(std::find(a.begin(), a.end(), "-nostats"), a.end());
  EXPECT_EQ(a.back(), "/out/.t1.mp4.part");
  // No shell anywhere: argv is executed as is.
  for (const auto& arg : a)
    EXPECT_EQ(arg.find("sh -c"), std::string::npos);
  const auto& g = r.job.filter_graph;
  // The full-frame clip is the base layer: concatenated with 6 s of black, not overlaid.
  EXPECT_NE(g.find("fps=30/1:start_time=0,tpad=stop_mode=clone:stop=-1,trim=end_frame=90"),
            std::string::npos)
      << g;
  EXPECT_NE(g.find("color=c=black:s=640x360:r=30/1,format=yuv420p,trim=end_frame=180,settb=1/30,"
                   "setpts=N+90"),
            std::string::npos)
      << g;
  EXPECT_NE(g.find("concat=n=2:v=1:a=0,settb=1/30,setpts=N[bg0]"), std::string::npos) << g;
  EXPECT_EQ(g.find("overlay="), std::string::npos) << g;
  EXPECT_NE(g.find("[vout]"), std::string::npos);
  EXPECT_NE(g.find("[aout]"), std::string::npos);
  EXPECT_NE(g.find("normalize=0"), std::string::npos);
  ASSERT_EQ(r.job.files.size(), 1u);
  EXPECT_EQ(r.job.files[0].content, g);
}

TEST(FfmpegGraph, EveryUseOfAFileIsItsOwnInputReadOverItsOwnStretch) {
  draft_builder b(640, 360, 9000000);
  auto m = b.video("/srv/red.mp4", 640, 360);
  auto t = b.track("video");
  b.segment(t, m, 0, 3000000, 1);
  b.segment(t, m, 3000000, 3000000, 1, 1000000);
  b.segment(t, m, 6000000, 3000000, 1);
  auto r = build(b.dump(), {{"/srv/red.mp4", video_src("/local/red.mp4")}});
  ASSERT_TRUE(r.ok);
  // One decoder split between uses at different times would hold a whole clip of frames.
  EXPECT_EQ(std::count(r.job.argv.begin(), r.job.argv.end(), "-i"), 3);
  EXPECT_EQ(r.job.filter_graph.find("split"), std::string::npos) << r.job.filter_graph;
  EXPECT_TRUE(has_pair(r.job.argv, "-ss", "1")); // the second use starts 1 s into the file
  // Three sounds back to back share one lane: concat, then a two-input mix with the base.
  EXPECT_NE(r.job.filter_graph.find("concat=n=3:v=0:a=1"), std::string::npos);
  EXPECT_NE(r.job.filter_graph.find("amix=inputs=2"), std::string::npos);
}

TEST(FfmpegGraph, FullFrameBottomLayerIsConcatenatedAndPipOverlaid) {
  draft_builder b(640, 360, 6000000);
  auto red = b.video("/srv/red.mp4", 640, 360);
  auto blue = b.video("/srv/blue.mp4", 320, 180); // fits the canvas at scale 1
  auto logo = b.video("/srv/logo.mp4", 640, 360);
  auto t = b.track("video");
  b.segment(t, red, 0, 2000000, 1);
  b.segment(t, blue, 3000000, 2000000, 1);
  auto pip = b.track("video");
  auto& seg = b.segment(pip, logo, 1000000, 4000000, 2);
  seg["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  seg["clip"]["transform"] = {{"x", 0.5}, {"y", 0.5}};
  auto r = build(b.dump(), {{"/srv/red.mp4", video_src("/local/red.mp4")},
                            {"/srv/blue.mp4", video_src("/local/blue.mp4", 320, 180)},
                            {"/srv/logo.mp4", video_src("/local/logo.mp4")}});
  ASSERT_TRUE(r.ok) << r.error;
  const auto& g = r.job.filter_graph;
  // red 0-2 s (60 frames), black 2-3 s (30), blue 3-5 s scaled to the canvas, black 5-6 s.
  EXPECT_NE(g.find("concat=n=4:v=1:a=0,settb=1/30,setpts=N[bg0]"), std::string::npos) << g;
  EXPECT_EQ(count(g, "trim=end_frame=60"), 2u) << g;
  EXPECT_EQ(count(g, "trim=end_frame=30"), 2u) << g;
  EXPECT_NE(g.find("scale=640:360"), std::string::npos) << g;
  // The picture-in-picture still goes on top, at its own time.
  EXPECT_EQ(count(g, "overlay="), 1u) << g;
  EXPECT_NE(g.find("setpts=PTS+30[l2]"), std::string::npos) << g;
}

TEST(FfmpegGraph, TransparentBottomMaterialIsDrawnOntoBlack) {
  draft_builder b(640, 360, 3000000);
  auto m = b.video("/srv/frame.png", 640, 360, true);
  b.segment(b.track("video"), m, 0, 3000000, 1);
  auto src = video_src("/local/frame.png", 640, 360, false);
  src.info.has_alpha = true;
  auto r = build(b.dump(), {{"/srv/frame.png", src}});
  ASSERT_TRUE(r.ok) << r.error;
  // Its clear pixels must show black, which concatenating the picture itself would drop with
  // the alpha: the piece is the picture drawn onto a black canvas.
  const auto& g = r.job.filter_graph;
  EXPECT_NE(g.find("color=c=black:s=640x360:r=30/1,format=yuv420p,trim=end_frame=90"),
            std::string::npos)
      << g;
  EXPECT_EQ(count(g, "overlay="), 1u) << g;
  EXPECT_NE(g.find("format=yuva420p"), std::string::npos) << g;
}

TEST(FfmpegGraph, GeometryFitScaleTransformAlpha) {
  // images_mixed's PiP: 640x360 on 1280x720, scale 0.3, transform (0.5, 0.5), alpha 0.8
  // -> 384x216 centred at (960, 180).
  draft_builder b(1280, 720, 8000000);
  auto m = b.video("/srv/m.mp4", 640, 360);
  auto t = b.track("video");
  auto& s = b.segment(t, m, 1000000, 6000000, 3);
  s["clip"]["scale"] = {{"x", 0.3}, {"y", 0.3}};
  s["clip"]["transform"] = {{"x", 0.5}, {"y", 0.5}};
  s["clip"]["alpha"] = 0.8;
  auto r = build(b.dump(), {{"/srv/m.mp4", video_src("/local/m.mp4")}});
  ASSERT_TRUE(r.ok);
  const auto& g = r.job.filter_graph;
  EXPECT_NE(g.find("scale=384:216"), std::string::npos) << g;
  EXPECT_NE(g.find("format=yuva420p"), std::string::npos) << g;
  EXPECT_NE(g.find("lutyuv=a=val*0.8"), std::string::npos) << g;
  EXPECT_NE(g.find("overlay=x='768':y='72':format=yuv420:eof_action=pass"), std::string::npos) << g;
  EXPECT_NE(g.find("setpts=PTS+30[l0]"), std::string::npos) << g;
}

TEST(FfmpegGraph, PhotoIsDecodedOnceAndRepeatedInTheGraph) {
  draft_builder b(1280, 720, 5000000);
  auto m = b.video("/srv/p.png", 640, 360, true);
  auto t = b.track("video");
  b.segment(t, m, 1000000, 2500000, 2);
  material_source src = video_src("/local/p.png", 640, 360, false);
  auto r = build(b.dump(), {{"/srv/p.png", src}});
  ASSERT_TRUE(r.ok);
  // One frame is read and scaled, then repeated for the segment's 75 frames.
  EXPECT_FALSE(has_pair(r.job.argv, "-loop", "1"));
  EXPECT_TRUE(has_pair(r.job.argv, "-framerate", "30/1"));
  // Aspect fit: 640x360 fills 1280x720.
  EXPECT_NE(r.job.filter_graph.find("scale=1280:720"), std::string::npos) << r.job.filter_graph;
  EXPECT_NE(r.job.filter_graph.find("loop=loop=74:size=1"), std::string::npos)
      << r.job.filter_graph;
  // No sound from a photo: the output gets the silent base only.
  EXPECT_NE(r.job.filter_graph.find("[abase]anull[aout]"), std::string::npos);
}

TEST(FfmpegGraph, SpeedRetimesPictureAndKeepsPitch) {
  draft_builder b(640, 360, 2000000);
  auto m = b.video("/srv/a.mp4", 640, 360);
  auto t = b.track("video");
  b.segment(t, m, 0, 2000000, 1, 0, 4000000, 2.0);
  auto r = build(b.dump(), {{"/srv/a.mp4", video_src("/local/a.mp4")}});
  ASSERT_TRUE(r.ok);
  EXPECT_NE(r.job.filter_graph.find("setpts=PTS/2,"), std::string::npos);
  EXPECT_NE(r.job.filter_graph.find("atempo=2"), std::string::npos);
  EXPECT_EQ(r.job.filter_graph.find("asetrate"), std::string::npos); // would change pitch
}

TEST(FfmpegGraph, SlowSpeedChainsAtempo) {
  draft_builder b(640, 360, 4000000);
  auto m = b.video("/srv/a.mp4", 640, 360);
  auto t = b.track("video");
  b.segment(t, m, 0, 4000000, 1, 0, 400000, 0.1);
  auto r = build(b.dump(), {{"/srv/a.mp4", video_src("/local/a.mp4")}});
  ASSERT_TRUE(r.ok);
  // 0.1 = 0.5^3 * 0.8
  EXPECT_EQ(count(r.job.filter_graph, "atempo=0.5,"), 3u) << r.job.filter_graph;
  EXPECT_NE(r.job.filter_graph.find("atempo=0.8"), std::string::npos);
}

TEST(FfmpegGraph, ShortSourceHoldsLastFrame) {
  draft_builder b(640, 360, 5000000);
  auto m = b.video("/srv/a.mp4", 640, 360);
  auto t = b.track("video");
  b.segment(t, m, 0, 5000000, 1, 0, 3000000);
  auto r = build(b.dump(), {{"/srv/a.mp4", video_src("/local/a.mp4")}});
  ASSERT_TRUE(r.ok);
  EXPECT_NE(r.job.filter_graph.find("tpad=stop_mode=clone"), std::string::npos);
  EXPECT_NE(r.job.filter_graph.find("apad=whole_len=240000"), std::string::npos);
}

TEST(FfmpegGraph, VolumeAndMutedTrack) {
  draft_builder b(640, 360, 4000000);
  auto m = b.video("/srv/a.mp4", 640, 360);
  auto mu = b.audio("/srv/music.mp3");
  auto mu2 = b.audio("/srv/muted.mp3");
  auto t = b.track("video");
  b.segment(t, m, 0, 4000000, 1, 0, -1, 1.0, 2.5);
  auto at = b.track("audio");
  b.segment(at, mu, 1000000, 2000000, 10, 0, -1, 1.0, 0.5);
  auto muted = b.track("audio", 1);
  b.segment(muted, mu2, 0, 2000000, 10);
  material_source music;
  music.local_path = "/local/music.mp3";
  music.info.has_audio = true;
  auto r = build(b.dump(), {{"/srv/a.mp4", video_src("/local/a.mp4")},
                            {"/srv/music.mp3", music},
                            {"/srv/muted.mp3", music}});
  ASSERT_TRUE(r.ok);
  const auto& g = r.job.filter_graph;
  EXPECT_NE(g.find("volume=2.5,"), std::string::npos);
  EXPECT_NE(g.find("volume=0.5,"), std::string::npos);
  EXPECT_NE(g.find("adelay=delays=48000S:all=1"), std::string::npos) << g;
  EXPECT_NE(g.find("amix=inputs=3"), std::string::npos) << g; // base + two lanes, muted absent
}

TEST(FfmpegGraph, NoAudioAnywhereStillHasSilentTrack) {
  draft_builder b(640, 360, 2000000);
  auto m = b.video("/srv/a.mp4", 640, 360);
  auto t = b.track("video");
  b.segment(t, m, 0, 2000000, 1);
  auto r = build(b.dump(), {{"/srv/a.mp4", video_src("/local/a.mp4", 640, 360, false)}});
  ASSERT_TRUE(r.ok);
  EXPECT_NE(r.job.filter_graph.find("anullsrc"), std::string::npos);
  EXPECT_NE(r.job.filter_graph.find("[abase]anull[aout]"), std::string::npos);
  EXPECT_TRUE(has_pair(r.job.argv, "-map", "[aout]"));
}

TEST(FfmpegGraph, CaptionIsAPictureDecodedOnceAndPlacedByItsCentre) {
  const std::string nasty = "it's 50% off: a,b;c [x] \\n %{localtime} 'q'";
  draft_builder b(640, 360, 3000000);
  auto tx = b.text(nasty, 10);
  auto t = b.track("text");
  auto& s = b.segment(t, tx, 500000, 2000000, 11);
  s["clip"]["transform"] = {{"x", 0.0}, {"y", -0.7}};
  draft::document d;
  ASSERT_TRUE(parse_draft(b.dump(), d).ok);
  graph_config cfg;
  cfg.work_dir = "/work/t1";
  std::string drawn_text;
  cfg.draw_caption = [&](const draft::segment&, const draft::text_material& text, double sx,
                         double sy, caption_picture& out) {
    drawn_text = text.text;
    out.png = "not really a png";
    out.width = 200;
    out.height = 40;
    out.scale_x = sx;
    out.scale_y = sy;
    return true;
  };
  ffmpeg_job job;
  std::string err;
  ASSERT_TRUE(build_ffmpeg_job(d, {}, cfg, job, err)) << err;
  const auto& g = job.filter_graph;
  // The text reaches FFmpeg only as a picture: nothing of it is in the graph.
  EXPECT_EQ(drawn_text, nasty);
  EXPECT_EQ(g.find("50%"), std::string::npos) << g;
  EXPECT_EQ(g.find("drawtext"), std::string::npos) << g;
  EXPECT_TRUE(has_pair(job.argv, "-i", "file:/work/t1/caption_0.png"));
  bool written = false;
  for (const auto& f : job.files)
    written = written || (f.path == "/work/t1/caption_0.png" && f.content == "not really a png");
  EXPECT_TRUE(written);
  // Read once, repeated for its 60 frames, centred at (320, 306): 180 + 0.7 * 180.
  EXPECT_NE(g.find("loop=loop=59:size=1"), std::string::npos) << g;
  EXPECT_NE(g.find("setpts=PTS+15[l0]"), std::string::npos) << g;
  EXPECT_NE(g.find("overlay=x='220':y='286'"), std::string::npos) << g;
}

TEST(FfmpegGraph, CaptionsWithoutADrawerAreNamedNotDrawn) {
  draft_builder b(640, 360, 1000000);
  auto tx = b.text("hello");
  b.segment(b.track("text"), tx, 0, 1000000, 1);
  auto r = build(b.dump(), {});
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_EQ(r.job.notes.size(), 1u);
  EXPECT_NE(r.job.notes[0].feature.find("caption"), std::string::npos);
  EXPECT_EQ(r.job.filter_graph.find("overlay"), std::string::npos);
}

TEST(FfmpegGraph, EscapesFilterValues) {
  EXPECT_EQ(escape_filter_value("/plain/path.ttf"), "/plain/path.ttf");
  EXPECT_EQ(escape_filter_value("a:b"), "a\\\\:b");
  EXPECT_EQ(escape_filter_value("a'b"), "a\\\\\\'b");
  EXPECT_EQ(escape_filter_value("a,b"), "a\\,b");
}

TEST(FfmpegGraph, MissingMaterialIsSkippedNotFatal) {
  draft_builder b(640, 360, 2000000);
  auto m = b.video("/srv/gone.mp4", 640, 360);
  auto t = b.track("video");
  b.segment(t, m, 0, 2000000, 1);
  auto r = build(b.dump(), {});
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.job.notes.size(), 1u);
  EXPECT_EQ(std::count(r.job.argv.begin(), r.job.argv.end(), "-i"), 0);
}

TEST(FfmpegGraph, ThreeHundredSegmentsStayOffTheCommandLine) {
  draft_builder b(640, 360, 300 * 2000000LL);
  std::map<std::string, material_source> sources;
  auto t = b.track("video");
  for (int i = 0; i < 300; ++i) {
    std::string path = "/srv/clip" + std::to_string(i % 10) + ".mp4";
    auto m = b.video(path, 640, 360);
    sources[path] = video_src("/local" + path);
    b.segment(t, m, i * 2000000LL, 2000000, 1);
  }
  auto r = build(b.dump(), sources);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(std::count(r.job.argv.begin(), r.job.argv.end(), "-i"), 300); // one per use
  size_t argv_bytes = 0;
  for (const auto& a : r.job.argv)
    argv_bytes += a.size() + 1;
  EXPECT_LT(argv_bytes, 64u * 1024); // the graph is a file; argv stays far below ARG_MAX
  // One concatenated base layer instead of 300 overlays.
  EXPECT_EQ(count(r.job.filter_graph, "overlay="), 0u);
  EXPECT_EQ(count(r.job.filter_graph, "concat=n=300:v=1:a=0,settb=1/30,setpts=N[bg0]"), 1u);
  EXPECT_EQ(count(r.job.filter_graph, "amix=inputs=2"), 1u); // one lane for 300 sounds
}

TEST(FfmpegGraph, EveryInputIsALocalFileOnly) {
  // Video, photo and audio inputs, with local names that FFmpeg would otherwise read as
  // protocols ("concat:", "a|b").
  draft_builder b(640, 360, 4000000);
  auto v = b.video("/srv/v.mp4", 640, 360);
  auto p = b.video("/srv/p.png", 640, 360, true);
  auto m = b.audio("/srv/m.mp3");
  auto vt = b.track("video");
  b.segment(vt, v, 0, 2000000, 1);
  b.segment(vt, p, 2000000, 2000000, 1);
  auto at = b.track("audio");
  b.segment(at, m, 0, 4000000, 10);
  material_source music;
  music.local_path = "/work/t1/draft/remote/concat:x|y.mp3";
  music.info.has_audio = true;
  auto r =
      build(b.dump(), {{"/srv/v.mp4", video_src("/work/t1/draft/assets/http:/h/v.mp4")},
                       {"/srv/p.png", video_src("/work/t1/draft/assets/p.png", 640, 360, false)},
                       {"/srv/m.mp3", music}});
  ASSERT_TRUE(r.ok) << r.error;
  const auto& a = r.job.argv;
  size_t inputs = 0;
  size_t group_start = 0; // options of an input come after the previous -i and its value
  for (size_t i = 0; i + 1 < a.size(); ++i) {
    if (a[i] != "-i")
      continue;
    ++inputs;
    SCOPED_TRACE(a[i + 1]);
    EXPECT_EQ(a[i + 1].rfind("file:/work/t1/draft/", 0), 0u) << "absolute local file only";
    std::vector<std::string> options(a.begin() + group_start, a.begin() + i);
    EXPECT_TRUE(has_pair(options, "-protocol_whitelist", "file"));
    group_start = i + 2;
  }
  EXPECT_EQ(inputs, 3u);
  // The filter graph opens no files or URLs of its own (movie=, amovie= sources).
  EXPECT_EQ(r.job.filter_graph.find("movie="), std::string::npos) << r.job.filter_graph;
}

} // namespace
} // namespace cutqueue::render
