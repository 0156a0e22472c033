// Hand-written drafts over media generated at test time: time mapping (in-points, speed, gaps,
// held frames, speeds from 0.1x to 10x, sound up to 120x), volume, flips/rotation, missing audio
// streams, and a 300-segment draft.
#include "tests/render/render_test_util.hpp"
#include "tests/support/media_assertions.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

namespace cutqueue::render {
namespace {

using testing::near;
using testing::rgb;

const rgb red{255, 0, 0}, green{0, 255, 0}, blue{0, 0, 255}, black{0, 0, 0};

void expect_pixel(const std::string& file, double t, int x, int y, rgb want) {
  auto got = testing::sample_pixel(file, t, x, y);
  ASSERT_TRUE(got) << "no frame at " << t;
  EXPECT_TRUE(near(*got, want)) << "t=" << t << " (" << x << "," << y << "): got " << got->r << ","
                                << got->g << "," << got->b;
}

/// 2 s: green (#00FF00) with 660 Hz for 1 s, then blue with 990 Hz for 1 s (320x180, 25 fps).
std::string two_phase_clip(const std::string& dir) {
  std::string out = dir + "/phases.mp4";
  test::ffmpeg({"-filter_complex",
                "color=c=lime:s=320x180:r=25:d=1[a];color=c=blue:s=320x180:r=25:d=1[b];"
                "sine=f=660:sample_rate=44100:d=1[x];sine=f=990:sample_rate=44100:d=1[y];"
                "[a][x][b][y]concat=n=2:v=1:a=1[v][s]",
                "-map", "[v]", "-map", "[s]", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt",
                "yuv420p", "-c:a", "aac", out});
  return out;
}

draft::document parse(const test::draft_builder& b) {
  draft::document d;
  auto r = parse_draft(b.dump(), d);
  EXPECT_TRUE(r.ok) << r.error;
  return d;
}

TEST(RenderFeatures, InPointSpeedGapHold) {
  test::scratch_dir dir;
  std::string phases = two_phase_clip(dir.path());
  std::string red_clip = test::make_clip(dir.path(), "red.mp4", "red", 320, 180, 1, 440);
  ASSERT_FALSE(phases.empty() || red_clip.empty());
  test::draft_builder b(320, 180, 7000000);
  auto p = b.video(phases, 320, 180);
  auto r = b.video(red_clip, 320, 180);
  auto t = b.track("video");
  b.segment(t, p, 0, 1000000, 1, 0, 2000000, 2.0);        // 0-1 s: whole clip at 2x
  b.segment(t, p, 1000000, 1000000, 1, 1000000, 1000000); // 1-2 s: in-point 1 s -> blue
  // 2-3 s: gap
  b.segment(t, r, 3000000, 2000000, 1, 0, 1000000);      // 3-5 s: 1 s of red held for 2 s
  b.segment(t, p, 5000000, 2000000, 1, 0, 1000000, 0.5); // 5-7 s: first second at 0.5x
  auto out = test::render_local(parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto& f = out.output;
  auto info = testing::probe(f);
  ASSERT_TRUE(info);
  EXPECT_NEAR(info->duration, 7.0, 0.1);
  expect_pixel(f, 0.25, 160, 90, green); // 2x: source 0.5 s
  expect_pixel(f, 0.75, 160, 90, blue);  // 2x: source 1.5 s
  expect_pixel(f, 1.5, 160, 90, blue);   // in-point
  expect_pixel(f, 2.5, 160, 90, black);  // gap
  expect_pixel(f, 3.5, 160, 90, red);
  expect_pixel(f, 4.5, 160, 90, red);   // held last frame, not black
  expect_pixel(f, 6.5, 160, 90, green); // 0.5x: still the first (green) second
  // Sound keeps its pitch at 2x (660 Hz, not 1320 Hz) and at 0.5x (660 Hz, not 330 Hz). Levels
  // are tone amplitudes in dB re full scale; the source tones are at -18 dB.
  testing::media_file media(f);
  EXPECT_TRUE(testing::tone_above(media, 0.05, 0.45, 660, -32));
  EXPECT_TRUE(testing::tone_below(media, 0.05, 0.45, 1320, -45));
  EXPECT_TRUE(testing::tone_above(media, 5.2, 6.8, 660, -32));
  EXPECT_TRUE(testing::tone_below(media, 5.2, 6.8, 330, -45));
  // Gap and the held part are silent (the red clip's sound is only 1 s long).
  auto gap = testing::audio_rms_db(f, 2.1, 2.9);
  ASSERT_TRUE(gap);
  EXPECT_LT(*gap, -60);
  auto held = testing::audio_rms_db(f, 4.2, 4.9);
  ASSERT_TRUE(held);
  EXPECT_LT(*held, -60);
}

TEST(RenderFeatures, ConcatenatedCutsKeepTheirTimesWithShortFilesAndOneFrameGaps) {
  // The full-frame bottom layer is one concat: every piece must have exactly its frames, or
  // every later cut moves while the picture-in-picture above stays put.
  test::scratch_dir dir;
  std::string red_clip = test::make_clip(dir.path(), "red.mp4", "red", 320, 180, 1, 0);
  std::string blue_clip = test::make_clip(dir.path(), "blue.mp4", "blue", 320, 180, 2, 0);
  std::string green_clip = test::make_clip(dir.path(), "green.mp4", "lime", 320, 180, 2, 0);
  std::string pip_clip = test::make_clip(dir.path(), "pip.mp4", "white", 320, 180, 3, 0);
  ASSERT_FALSE(red_clip.empty() || blue_clip.empty() || green_clip.empty() || pip_clip.empty());
  test::draft_builder b(320, 180, 3000000);
  b.doc()["fps"] = 25.0;
  auto r = b.video(red_clip, 320, 180);
  auto bl = b.video(blue_clip, 320, 180);
  auto gr = b.video(green_clip, 320, 180);
  auto pi = b.video(pip_clip, 320, 180);
  auto t = b.track("video");
  b.segment(t, r, 0, 1200000, 1, 0, 1200000); // the file has 1.0 s of the 1.2 s it claims
  b.segment(t, bl, 1240000, 760000, 1);       // after a one-frame (40 ms) gap
  b.segment(t, gr, 2000000, 1000000, 1);
  auto& pip = b.segment(b.track("video"), pi, 0, 3000000, 2);
  pip["clip"]["scale"] = {{"x", 0.25}, {"y", 0.25}};
  pip["clip"]["transform"] = {{"x", -0.75}, {"y", 0.75}};
  auto out = test::render_local(parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto& f = out.output;
  expect_pixel(f, 1.10, 160, 90, red); // the short file's last frame, held
  // The one-frame gap (frame 30, 1.20-1.24 s; seeking picks the first frame at or after t).
  expect_pixel(f, 1.20, 160, 90, black);
  expect_pixel(f, 1.90, 160, 90, blue);
  expect_pixel(f, 2.06, 160, 90, green); // the last cut, on its frame
  expect_pixel(f, 2.90, 160, 90, green);
  expect_pixel(f, 2.90, 20, 11, rgb{255, 255, 255}); // the PiP above, top left
}

TEST(RenderFeatures, VolumeIsLinearGainAndNoAudioStreamIsFine) {
  test::scratch_dir dir;
  std::string tone = test::make_clip(dir.path(), "tone.mp4", "red", 320, 180, 1, 440);
  std::string mute = test::make_clip(dir.path(), "mute.mp4", "blue", 320, 180, 1, 0);
  ASSERT_FALSE(tone.empty() || mute.empty());
  test::draft_builder b(320, 180, 4000000);
  auto m = b.video(tone, 320, 180);
  auto q = b.video(mute, 320, 180);
  auto t = b.track("video");
  b.segment(t, m, 0, 1000000, 1, 0, -1, 1.0, 1.0);
  b.segment(t, m, 1000000, 1000000, 1, 0, -1, 1.0, 0.25); // -12 dB
  b.segment(t, m, 2000000, 1000000, 1, 0, -1, 1.0, 0);    // silent
  b.segment(t, q, 3000000, 1000000, 1);                   // clip without an audio stream
  auto out = test::render_local(parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  auto full = testing::audio_rms_db(out.output, 0.2, 0.8);
  auto quarter = testing::audio_rms_db(out.output, 1.2, 1.8);
  auto zero = testing::audio_rms_db(out.output, 2.2, 2.8);
  auto none = testing::audio_rms_db(out.output, 3.2, 3.8);
  ASSERT_TRUE(full && quarter && zero && none);
  EXPECT_NEAR(*full, -21.0, 1.5); // sine at 1/8 full scale, level unchanged by the mix
  EXPECT_NEAR(*full - *quarter, 12.04, 1.0);
  EXPECT_LT(*zero, -60);
  EXPECT_LT(*none, -60);
  expect_pixel(out.output, 3.5, 160, 90, blue);
}

TEST(RenderFeatures, FlipAndRotation) {
  test::scratch_dir dir;
  // Left half red, right half blue.
  std::string split = dir / "split.mp4";
  ASSERT_TRUE(
      test::ffmpeg({"-f", "lavfi", "-i",
                    "color=c=red:s=160x180:r=25:d=1[l];color=c=blue:s=160x180:r=25:d=1[r];"
                    "[l][r]hstack",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", split}));
  test::draft_builder b(320, 180, 3000000);
  auto m = b.video(split, 320, 180);
  auto t = b.track("video");
  b.segment(t, m, 0, 1000000, 1, 0, 1000000);
  auto& flipped = b.segment(t, m, 1000000, 1000000, 1, 0, 1000000);
  flipped["clip"]["flip"]["horizontal"] = true;
  auto& turned = b.segment(t, m, 2000000, 1000000, 1, 0, 1000000);
  turned["clip"]["rotation"] = 180.0;
  auto out = test::render_local(parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  expect_pixel(out.output, 0.5, 40, 90, red);
  expect_pixel(out.output, 0.5, 280, 90, blue);
  expect_pixel(out.output, 1.5, 40, 90, blue);
  expect_pixel(out.output, 1.5, 280, 90, red);
  expect_pixel(out.output, 2.5, 40, 90, blue);
  expect_pixel(out.output, 2.5, 280, 90, red);
}

TEST(RenderFeatures, QuarterTurnIsClockwiseAndGrowsTheFrame) {
  test::scratch_dir dir;
  // Left half red, right half blue: after a clockwise quarter turn red is on top.
  std::string split = dir / "split.mp4";
  ASSERT_TRUE(
      test::ffmpeg({"-f", "lavfi", "-i",
                    "color=c=red:s=160x180:r=25:d=1[l];color=c=blue:s=160x180:r=25:d=1[r];"
                    "[l][r]hstack",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", split}));
  test::draft_builder b(320, 180, 1000000);
  auto m = b.video(split, 320, 180);
  auto t = b.track("video");
  auto& turned = b.segment(t, m, 0, 1000000, 1, 0, 1000000);
  turned["clip"]["rotation"] = 90.0;
  auto out = test::render_local(parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  // The 320x180 picture stands 180 wide and 320 tall around the centre (x 70..250).
  expect_pixel(out.output, 0.5, 160, 30, red);
  expect_pixel(out.output, 0.5, 160, 150, blue);
  expect_pixel(out.output, 0.5, 30, 90, black);
  expect_pixel(out.output, 0.5, 290, 90, black);
}

TEST(RenderFeatures, SpeedsAtTheLimitsKeepTimingAndPitch) {
  test::scratch_dir dir;
  // 10 s: green with 660 Hz for 5 s, then blue with 990 Hz for 5 s.
  std::string slow_phases = dir / "ten.mp4";
  ASSERT_TRUE(
      test::ffmpeg({"-filter_complex",
                    "color=c=lime:s=320x180:r=25:d=5[a];color=c=blue:s=320x180:r=25:d=5[b];"
                    "sine=f=660:sample_rate=44100:d=5[x];sine=f=990:sample_rate=44100:d=5[y];"
                    "[a][x][b][y]concat=n=2:v=1:a=1[v][s]",
                    "-map", "[v]", "-map", "[s]", "-c:v", "libx264", "-preset", "ultrafast",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", slow_phases}));
  std::string phases = two_phase_clip(dir.path());
  ASSERT_FALSE(phases.empty());
  test::draft_builder b(320, 180, 5000000);
  auto ten = b.video(slow_phases, 320, 180);
  auto p = b.video(phases, 320, 180);
  auto t = b.track("video");
  b.segment(t, ten, 0, 1000000, 1, 0, 10000000, 10.0);       // 0-1 s: 10 s of source
  b.segment(t, p, 1000000, 4000000, 1, 700000, 400000, 0.1); // 1-5 s: source 0.7-1.1 s
  auto out = test::render_local(parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto& f = out.output;
  auto info = testing::probe(f);
  ASSERT_TRUE(info);
  EXPECT_NEAR(info->duration, 5.0, 0.1);
  expect_pixel(f, 0.2, 160, 90, green); // 10x: source 2 s
  expect_pixel(f, 0.8, 160, 90, blue);  // 10x: source 8 s
  expect_pixel(f, 2.5, 160, 90, green); // 0.1x: source 0.85 s
  expect_pixel(f, 4.5, 160, 90, blue);  // 0.1x: source 1.05 s
  // Pitch is kept at both ends: the tones, not 10x or 0.1x of them.
  testing::media_file media(f);
  EXPECT_TRUE(testing::tone_above(media, 0.05, 0.45, 660, -35));
  EXPECT_TRUE(testing::tone_below(media, 0.05, 0.45, 6600, -45));
  EXPECT_TRUE(testing::tone_above(media, 0.55, 0.95, 990, -35));
  EXPECT_TRUE(testing::tone_above(media, 1.3, 3.8, 660, -35));
  EXPECT_TRUE(testing::tone_below(media, 1.3, 3.8, 66, -45));
  EXPECT_TRUE(testing::tone_above(media, 4.2, 4.9, 990, -35));
}

TEST(RenderFeatures, FastAudioTrackSegmentsNeitherStallNorFail) {
  // FFmpeg 5.1's atempo: one stage at 10x mixed with the draft's silent base stalled the whole
  // graph, and one stage above ~65x failed with ENOMEM. Speeds this high come from
  // capcut-mate's scene_timelines (a long file fitted into a short scene).
  test::scratch_dir dir;
  auto tone = [&](int hz, int secs) {
    std::string out = dir / ("tone" + std::to_string(hz) + ".mp3");
    EXPECT_TRUE(test::ffmpeg({"-f", "lavfi", "-i",
                              "sine=frequency=" + std::to_string(hz) +
                                  ":sample_rate=44100:duration=" + std::to_string(secs),
                              "-c:a", "libmp3lame", out}));
    return out;
  };
  std::string red_clip = test::make_clip(dir.path(), "red.mp4", "red", 320, 180, 3, 440);
  ASSERT_FALSE(red_clip.empty());
  test::draft_builder b(320, 180, 3000000);
  b.segment(b.track("video"), b.video(red_clip, 320, 180), 0, 3000000, 1);
  auto music = b.track("audio");
  b.segment(music, b.audio(tone(700, 10)), 0, 1000000, 0, 0, 10000000, 10.0);
  b.segment(music, b.audio(tone(900, 60)), 1000000, 1000000, 0, 0, 60000000, 60.0);
  b.segment(music, b.audio(tone(1100, 120)), 2000000, 1000000, 0, 0, 120000000, 120.0);
  auto out = test::render_local(parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  auto info = testing::probe(out.output);
  ASSERT_TRUE(info);
  EXPECT_NEAR(info->duration, 3.0, 0.1);
  testing::media_file media(out.output);
  EXPECT_TRUE(testing::tone_above(media, 0.1, 0.9, 700, -35));
  EXPECT_TRUE(testing::tone_below(media, 1.1, 2.9, 700, -45));
  EXPECT_TRUE(testing::tone_above(media, 1.1, 1.9, 900, -35));
  EXPECT_TRUE(testing::tone_above(media, 2.1, 2.9, 1100, -35));
  EXPECT_TRUE(testing::tone_above(media, 0.1, 2.9, 440, -35)); // the clip's own sound
}

TEST(RenderFeatures, ThreeHundredSegments) {
  test::scratch_dir dir;
  std::string r = test::make_clip(dir.path(), "r.mp4", "red", 160, 90, 1, 440);
  std::string g = test::make_clip(dir.path(), "g.mp4", "lime", 160, 90, 1, 660);
  ASSERT_FALSE(r.empty() || g.empty());
  test::draft_builder b(160, 90, 300 * 100000LL);
  auto mr = b.video(r, 160, 90);
  auto mg = b.video(g, 160, 90);
  auto t = b.track("video");
  for (int i = 0; i < 300; ++i)
    b.segment(t, i % 2 ? mg : mr, i * 100000LL, 100000, 1);
  auto out = test::render_local(parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  auto info = testing::probe(out.output);
  ASSERT_TRUE(info);
  EXPECT_NEAR(info->duration, 30.0, 0.1);
  expect_pixel(out.output, 0.05, 80, 45, red);
  expect_pixel(out.output, 15.15, 80, 45, green); // segment 151
  expect_pixel(out.output, 29.95, 80, 45, green); // segment 299
}

} // namespace
} // namespace cutqueue::render
