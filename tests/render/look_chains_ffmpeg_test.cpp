// Every family's chain runs in FFmpeg 5.1 and keeps the frame size, the frame count and the
// timestamps (video) or the sound's length plus its tail (audio); and the looks do what their
// names say: black and white is grey, cool raises blue against red, blur softens edges, an echo
// sounds after its tone within its tail, pitch up moves a 440 Hz peak up. The fixture soft checks
// of effects_filters and audio_mix are reproduced on flat colours and tones.
#include "render/look_chains.hpp"
#include "render/resource_looks.hpp"
#include "tests/render/look_ffmpeg.hpp"
#include "tests/support/tone_amplitude.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace cutqueue::render {
namespace {

using namespace look_test;

const std::string testsrc = "testsrc2=s=320x240:r=30:d=1";

std::string chain_for(const std::string& family, double t0 = 0, double t1 = 1, int w = 320,
                      int h = 240, const std::map<std::string, double>& params = {}) {
  return video_look_chain(family, params, w, h, t0, t1);
}

/// 30 frames of `dims`, pts first_pts..first_pts+29, each a yuv420p frame's bytes.
void expect_timing(const frame_sums& sums, const std::string& dims, long first_pts, long bytes) {
  ASSERT_TRUE(sums.error.empty()) << sums.error;
  EXPECT_EQ(sums.dimensions, dims);
  EXPECT_EQ(sums.time_base, "1/30");
  ASSERT_EQ(sums.frames.size(), 30u);
  for (std::size_t i = 0; i < sums.frames.size(); ++i) {
    EXPECT_EQ(sums.frames[i].pts, first_pts + long(i)) << "frame " << i;
    EXPECT_EQ(sums.frames[i].size, bytes) << "frame " << i;
  }
}

class VideoFamily : public ::testing::TestWithParam<std::string> {};

TEST_P(VideoFamily, RunsKeepingSizeFramesAndTimestampsAndChangesThePicture) {
  const std::string family = GetParam();
  const frame_sums plain = framemd5(testsrc, "null");
  ASSERT_TRUE(plain.error.empty()) << plain.error;

  const std::string chain = chain_for(family);
  SCOPED_TRACE(chain);
  const frame_sums out = framemd5(testsrc, chain);
  expect_timing(out, "320x240", 0, 320 * 240 * 3 / 2);
  bool changed = false;
  for (std::size_t i = 0; i < std::min(out.frames.size(), plain.frames.size()); ++i)
    changed |= out.frames[i].md5 != plain.frames[i].md5;
  EXPECT_TRUE(changed) << "the look leaves testsrc2 untouched";

  // A window later in the timeline (the section keeps its timestamps), on a portrait canvas.
  const std::string later = chain_for(family, 5, 6, 180, 320);
  SCOPED_TRACE(later);
  expect_timing(framemd5("testsrc2=s=180x320:r=30:d=1,setpts=PTS+5/TB", later), "180x320", 150,
                180 * 320 * 3 / 2);
}

INSTANTIATE_TEST_SUITE_P(All, VideoFamily, ::testing::ValuesIn(video_look_families()),
                         [](const auto& info) { return info.param; });

class AudioFamily : public ::testing::TestWithParam<std::string> {};

TEST_P(AudioFamily, RunsOnAStereoToneKeepingItsLengthWithinTheTail) {
  const std::string family = GetParam();
  const audio_look look = audio_look_chain(family, {});
  SCOPED_TRACE(look.filters);
  // 1 s of a 440 Hz tone with the tail's room (and 0.1 s more) appended, as the graph builder
  // pads a segment carrying an audio effect.
  const double pad = look.tail_s + 0.1;
  const std::string source = "sine=f=440:d=1:sample_rate=48000,aformat=sample_fmts=fltp:"
                             "channel_layouts=stereo,apad=pad_dur=" +
                             std::to_string(pad);
  const mono_sound dry = decode_sound(source, "anull");
  const mono_sound wet = decode_sound(source, look.filters);
  ASSERT_TRUE(wet.error.empty()) << wet.error;
  ASSERT_EQ(dry.samples.size(), size_t(std::lround((1 + pad) * 48000)));
  // Pitch shifters end a few ms early; echoes flush their repeats past the input's end.
  EXPECT_GE(wet.samples.size(), dry.samples.size() - 4800);
  EXPECT_LE(wet.samples.size(), dry.samples.size() + size_t(look.tail_s * 48000) + 1024);
  EXPECT_GT(wet.rms(0.1, 0.9), 0.005) << "silenced";
  double diff = 0;
  for (std::size_t i = 4800; i < 43200 && i < wet.samples.size(); ++i)
    diff = std::max(diff, double(std::abs(wet.samples[i] - dry.samples[i])));
  EXPECT_GT(diff, 0.005) << "the look leaves the tone untouched";
  // Nothing sounds after the tail.
  EXPECT_LT(wet.rms(1 + look.tail_s + 0.02, 1 + pad + look.tail_s), 1e-3);
}

INSTANTIATE_TEST_SUITE_P(All, AudioFamily, ::testing::ValuesIn(audio_look_families()),
                         [](const auto& info) { return info.param; });

// -- video behaviour ---------------------------------------------------------------------------

std::string flat(const std::string& colour) {
  return "color=c=" + colour + ":s=320x240:r=30:d=1";
}

TEST(VideoLooks, BlackAndWhiteMakesEveryPixelGrey) {
  const rgb_image img = decode_frame(testsrc, chain_for("bw"), 10, 320, 240);
  ASSERT_EQ(img.width, 320);
  int worst = 0;
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x) {
      const uint8_t* p = img.at(x, y);
      worst = std::max({worst, std::abs(p[0] - p[1]), std::abs(p[1] - p[2])});
    }
  EXPECT_LE(worst, 2);
}

// effects_filters: 变黑白 over red is a grey frame (max - min channel < 40).
TEST(VideoLooks, ToBlackAndWhiteGreysRedAsTheFixtureChecks) {
  const auto look = resource_look_for(resource_kind::scene_effect, "6730911849706951179", "变黑白");
  const rgb_image img = decode_frame(
      flat("red"), video_look_chain(look.family, look.params, 320, 240, 0, 1), 15, 320, 240);
  ASSERT_EQ(img.width, 320);
  const auto m = mean_of(img);
  EXPECT_LT(std::max({m.r, m.g, m.b}) - std::min({m.r, m.g, m.b}), 40);
  EXPECT_NEAR(m.r, 76, 15); // Rec.601 luma of red
}

// effects_filters: 冷蓝 at 100 % tints red (B > 25 or R < 225), and cool raises blue against red.
TEST(VideoLooks, CoolRaisesBlueAgainstRedOnARedFrame) {
  const auto look = resource_look_for(resource_kind::filter, "7127618237117877518", "冷蓝");
  ASSERT_EQ(look.family, "cool");
  const auto before = mean_of(decode_frame(flat("red"), "null", 15, 320, 240));
  const auto after = mean_of(decode_frame(
      flat("red"), video_look_chain(look.family, look.params, 320, 240, 0, 1), 15, 320, 240));
  EXPECT_TRUE(after.b > 25 || after.r < 225) << after.r << " " << after.g << " " << after.b;
  EXPECT_GT(after.b - after.r, before.b - before.r + 40);
}

// effects_filters: 高清黑白 at 60 % over green desaturates it (R > 40 and B > 40), blended as the
// graph builder blends a filter by its intensity.
TEST(VideoLooks, ContrastyBlackAndWhiteAt60PercentDesaturatesGreen) {
  const auto look = resource_look_for(resource_kind::filter, "7429744855724641545", "高清黑白");
  const std::string graph = "split[a][b];[b]" +
                            video_look_chain(look.family, look.params, 320, 240, 0, 1) +
                            "[c];[c][a]blend=all_mode=normal:all_opacity=0.6";
  const rgb_image img = decode_frame(flat("0x00FF00"), graph, 15, 320, 240, true);
  ASSERT_EQ(img.width, 320);
  const auto m = mean_of(img);
  EXPECT_GT(m.r, 40);
  EXPECT_GT(m.b, 40);
  EXPECT_GT(m.g, m.r); // still greenish: 40 % of the colour remains
}

TEST(VideoLooks, BlurLowersEdgeEnergyMoreAsBlurGrows) {
  const double sharp = edge_energy(decode_frame(testsrc, "null", 10, 320, 240));
  const double soft = edge_energy(decode_frame(testsrc, chain_for("blur"), 10, 320, 240));
  const double softer = edge_energy(decode_frame(
      testsrc, chain_for("blur", 0, 1, 320, 240, {{"effects_adjust_blur", 1.0}}), 10, 320, 240));
  ASSERT_GT(sharp, 0);
  EXPECT_LT(soft, 0.6 * sharp);
  EXPECT_LT(softer, soft);
}

TEST(VideoLooks, ClarityRaisesEdgeEnergy) {
  const double plain = edge_energy(decode_frame(testsrc, "null", 10, 320, 240));
  const double sharp = edge_energy(decode_frame(testsrc, chain_for("clarity"), 10, 320, 240));
  EXPECT_GT(sharp, 1.1 * plain);
}

TEST(VideoLooks, FadeInStartsBlackAtTheWindowAndEndsAsTheSource) {
  const std::string src = flat("white");
  const auto first = mean_of(decode_frame(src, chain_for("fade_in"), 0, 320, 240));
  const auto last = mean_of(decode_frame(src, chain_for("fade_in"), 29, 320, 240));
  EXPECT_LT(first.g, 10);
  EXPECT_GT(last.g, 230);
  const auto out_end = mean_of(decode_frame(src, chain_for("fade_out"), 29, 320, 240));
  EXPECT_LT(out_end.g, 20);
}

TEST(VideoLooks, FlashBrightensAtTheWindowsStartOnly) {
  const std::string src = flat("0x404040");
  // Default speed 0.33: a flash every 1 / 2.98 s, the first at t0 = 0.
  const auto peak = mean_of(decode_frame(src, chain_for("flash"), 0, 320, 240));
  const auto between = mean_of(decode_frame(src, chain_for("flash"), 5, 320, 240));
  EXPECT_GT(peak.g, 64 + 80);
  EXPECT_NEAR(between.g, 64, 12);
  // Shifted window: no flash at frame 0 when the window starts at frame 5.
  const auto before = mean_of(decode_frame(src, chain_for("flash", 5.0 / 30, 1), 0, 320, 240));
  EXPECT_LT(before.g, 64 + 40);
}

TEST(VideoLooks, ZoomInStartsAtTheSourceAndEndsEnlarged) {
  // A still grid, so only the look changes frames.
  const std::string grid = "color=c=gray:s=320x240:r=30:d=1,drawgrid=w=40:h=40:t=2:c=white";
  const frame_sums plain = framemd5(grid, "null");
  const frame_sums zoom = framemd5(grid, chain_for("zoom_in"));
  ASSERT_EQ(zoom.frames.size(), 30u);
  ASSERT_EQ(plain.frames.size(), 30u);
  EXPECT_EQ(zoom.frames[0].md5, plain.frames[0].md5);   // zoom 1 at t0
  EXPECT_NE(zoom.frames[29].md5, plain.frames[29].md5); // enlarged by the end
}

TEST(VideoLooks, LetterboxBlacksTheTopAndKeepsTheMiddle) {
  const rgb_image img = decode_frame(flat("white"), chain_for("letterbox"), 3, 320, 240);
  ASSERT_EQ(img.width, 320);
  EXPECT_LT(img.at(160, 2)[1], 20);
  EXPECT_LT(img.at(160, 237)[1], 20);
  EXPECT_GT(img.at(160, 120)[1], 230);
}

TEST(VideoLooks, InvertTurnsRedCyan) {
  const auto m = mean_of(decode_frame(flat("red"), chain_for("invert"), 3, 320, 240));
  EXPECT_LT(m.r, 40);
  EXPECT_GT(m.g, 200);
  EXPECT_GT(m.b, 200);
}

// -- audio behaviour ---------------------------------------------------------------------------

double amplitude(const mono_sound& s, double t0, double t1, double hz) {
  const size_t a = std::min(s.samples.size(), size_t(t0 * 48000));
  const size_t b = std::min(s.samples.size(), size_t(t1 * 48000));
  const auto m = testing::tone_amplitude(s.samples.data() + a, b - a, 48000, hz);
  return m ? *m : -1;
}

/// The frequency between lo and hi (2 Hz steps) with the largest tone amplitude.
double peak_hz(const mono_sound& s, double t0, double t1, double lo, double hi) {
  double best = lo, best_a = -1;
  for (double hz = lo; hz <= hi; hz += 2) {
    const double a = amplitude(s, t0, t1, hz);
    if (a > best_a)
      best_a = a, best = hz;
  }
  return best;
}

// audio_mix: the 1200 Hz segment (0.125 x volume 1.5) with 回音 at its stored parameters keeps
// 1200 Hz energy above 0.004 during 0.05-0.35 s after it ends, and is silent after its tail.
TEST(AudioLooks, EchoSoundsAfterTheToneEndsWithinItsTail) {
  const auto look = resource_look_for(resource_kind::audio_effect, "7018011608408396325", "回音");
  const audio_look echo =
      audio_look_chain(look.family, look_params(look, {{"change_voice_param_quantity", 0.8},
                                                       {"change_voice_param_strength", 0.762}}));
  const std::string source = "sine=f=1200:d=1:sample_rate=48000,volume=1.5,aformat=sample_fmts="
                             "fltp:channel_layouts=stereo,apad=pad_dur=" +
                             std::to_string(echo.tail_s + 0.5);
  const mono_sound dry = decode_sound(source, "anull");
  const mono_sound wet = decode_sound(source, echo.filters);
  ASSERT_TRUE(wet.error.empty()) << wet.error;
  EXPECT_LT(amplitude(dry, 1.05, 1.35, 1200), 0.004); // the tone itself has ended
  EXPECT_GT(amplitude(wet, 1.05, 1.35, 1200), 0.004);
  EXPECT_GT(wet.rms(1 + echo.tail_s - 0.2, 1 + echo.tail_s - 0.1), 1e-3); // the last repeat
  EXPECT_LT(wet.rms(1 + echo.tail_s + 0.02, 1 + echo.tail_s + 0.4), 1e-4);
}

TEST(AudioLooks, PitchUpMovesA440HzPeakUpAndPitchDownMovesItDown) {
  const std::string source =
      "sine=f=440:d=1:sample_rate=48000,aformat=sample_fmts=fltp:channel_layouts=stereo";
  const double up =
      peak_hz(decode_sound(source, audio_look_chain("pitch_up", {}).filters), 0.2, 0.8, 300, 1000);
  const double high = peak_hz(decode_sound(source, audio_look_chain("pitch_up_high", {}).filters),
                              0.2, 0.8, 300, 1000);
  const double down = peak_hz(decode_sound(source, audio_look_chain("pitch_down", {}).filters), 0.2,
                              0.8, 200, 1000);
  EXPECT_NEAR(up, 440 * std::pow(2, 5 / 12.0), 12);
  EXPECT_NEAR(high, 880, 12);
  EXPECT_NEAR(down, 440 * std::pow(2, -5 / 12.0), 12);
}

TEST(AudioLooks, TelephoneKeepsTheVoiceBandOnly) {
  const std::string source = "aevalsrc='0.1*sin(2*PI*100*t)+0.1*sin(2*PI*1000*t)+0.1*sin(2*PI*"
                             "8000*t)':s=48000:d=1,aformat=sample_fmts=fltp:channel_layouts=stereo";
  const mono_sound s = decode_sound(source, audio_look_chain("telephone", {}).filters);
  ASSERT_TRUE(s.error.empty()) << s.error;
  const double mid = amplitude(s, 0.2, 0.8, 1000);
  EXPECT_GT(mid, 0.05);
  EXPECT_LT(amplitude(s, 0.2, 0.8, 100), mid / 10);
  EXPECT_LT(amplitude(s, 0.2, 0.8, 8000), mid / 10);
}

TEST(AudioLooks, MuffledKeepsTheLowsOnly) {
  const std::string source = "aevalsrc='0.1*sin(2*PI*200*t)+0.1*sin(2*PI*4000*t)':s=48000:d=1,"
                             "aformat=sample_fmts=fltp:channel_layouts=stereo";
  const mono_sound s = decode_sound(source, audio_look_chain("muffled", {}).filters);
  const double low = amplitude(s, 0.2, 0.8, 200);
  EXPECT_GT(low, 0.05);
  EXPECT_LT(amplitude(s, 0.2, 0.8, 4000), low / 10);
}

} // namespace
} // namespace cutqueue::render
