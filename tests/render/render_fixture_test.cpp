// Renders capcut-mate's fixture drafts straight from the fixture folders (no HTTP) and checks
// the decoded MP4 against the rendering conventions of fixtures/README.md.
#include "common/log.hpp"
#include "tests/render/render_test_util.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <iostream>

namespace cutqueue::render {
namespace {

using testing::near;
using testing::rgb;

/// "/app/output/draft/<id>/assets/x.mp4" -> "<fixtures>/<name>/assets/x.mp4".
std::function<std::string(const std::string&)> fixture_paths(const std::string& folder) {
  return [folder](const std::string& p) {
    const std::string marker = "/output/draft/";
    auto pos = p.find(marker);
    if (pos == std::string::npos)
      return std::string{};
    auto after_id = p.find('/', pos + marker.size());
    return after_id == std::string::npos ? std::string{} : folder + p.substr(after_id);
  };
}

struct fixture_render {
  test::local_render r;
  draft::document d;
};

void render_fixture(const std::string& fixtures, const std::string& name,
                    const test::scratch_dir& dir, fixture_render& out) {
  auto pr = parse_draft_file(fixtures + "/" + name + "/draft_content.json", out.d);
  ASSERT_TRUE(pr.ok) << pr.error;
  out.r = test::render_local(out.d, dir, fixture_paths(fixtures + "/" + name));
  ASSERT_TRUE(out.r.outcome.ok) << out.r.outcome.error_message;
  std::cout << "[ render   ] " << name << ": " << out.r.seconds << " s for " << out.d.duration / 1e6
            << " s of video\n";
}

void expect_pixel(const std::string& file, double t, int x, int y, rgb want, int tol = 24) {
  auto got = testing::sample_pixel(file, t, x, y);
  ASSERT_TRUE(got) << "no frame at " << t;
  EXPECT_TRUE(near(*got, want, tol))
      << "t=" << t << " (" << x << "," << y << "): got " << got->r << "," << got->g << "," << got->b
      << " want " << want.r << "," << want.g << "," << want.b;
}

/// Level (dBFS) of the band around `hz` between t0 and t1: tells tones apart in a mix.
double band_db(const std::string& file, double t0, double t1, int hz) {
  process_options opt;
  opt.timeout = std::chrono::seconds(60);
  auto r = run_process({"ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-ss", std::to_string(t0),
                        "-t", std::to_string(t1 - t0), "-i", file, "-vn", "-af",
                        "bandpass=f=" + std::to_string(hz) + ":width_type=q:w=8,bandpass=f=" +
                            std::to_string(hz) + ":width_type=q:w=8,volumedetect",
                        "-f", "null", "-"},
                       opt);
  auto pos = r.stderr_tail.find("mean_volume:");
  return pos == std::string::npos ? 0.0 : std::atof(r.stderr_tail.c_str() + pos + 12);
}

/// Pixels darker than luma 60 in a region of the frame at t: a caption's black outline.
int dark_pixels(const std::string& file, double t, int x, int y, int w, int h) {
  process_options opt;
  opt.timeout = std::chrono::seconds(60);
  auto r = run_process({"ffmpeg", "-nostdin", "-v", "error", "-ss", std::to_string(t), "-i", file,
                        "-frames:v", "1", "-vf",
                        "crop=" + std::to_string(w) + ":" + std::to_string(h) + ":" +
                            std::to_string(x) + ":" + std::to_string(y) + ",format=gray",
                        "-f", "rawvideo", "pipe:1"},
                       opt);
  int n = 0;
  for (unsigned char c : r.out)
    n += c < 60;
  return n;
}

TEST(RenderFixture, BasicVideo) {
  CUTQUEUE_FIXTURES_OR_SKIP(fixtures);
  test::scratch_dir dir;
  fixture_render f;
  render_fixture(fixtures, "basic_video", dir, f);
  auto info = testing::probe(f.r.output);
  ASSERT_TRUE(info);
  EXPECT_NEAR(info->duration, 9.0, 0.1);
  EXPECT_EQ(info->width, 640);
  EXPECT_EQ(info->height, 360);
  EXPECT_EQ(info->video_codec, "h264");
  EXPECT_EQ(info->pix_fmt, "yuv420p");
  EXPECT_EQ(info->audio_codec, "aac");
  EXPECT_NEAR(info->fps, 30.0, 0.01);
  expect_pixel(f.r.output, 1.5, 320, 180, {255, 0, 0});
  expect_pixel(f.r.output, 4.0, 320, 180, {0, 255, 0});
  expect_pixel(f.r.output, 7.0, 320, 180, {0, 0, 255});
  // Each clip brings its own tone.
  EXPECT_GT(band_db(f.r.output, 0.5, 2.5, 440), -30);
  EXPECT_GT(band_db(f.r.output, 3.5, 4.5, 660), -30);
  EXPECT_LT(band_db(f.r.output, 3.5, 4.5, 440), -45);
  EXPECT_GT(band_db(f.r.output, 5.5, 8.5, 880), -30);
  // Progress rose to the end.
  ASSERT_FALSE(f.r.progress.empty());
  EXPECT_TRUE(std::is_sorted(f.r.progress.begin(), f.r.progress.end()));
  EXPECT_GT(f.r.progress.back(), 0.9);
}

TEST(RenderFixture, ImagesMixedGeometry) {
  CUTQUEUE_FIXTURES_OR_SKIP(fixtures);
  test::scratch_dir dir;
  fixture_render f;
  render_fixture(fixtures, "images_mixed", dir, f);
  const auto& out = f.r.output;
  auto info = testing::probe(out);
  ASSERT_TRUE(info);
  EXPECT_NEAR(info->duration, 8.0, 0.1);
  EXPECT_EQ(info->width, 1280);
  const rgb red{255, 0, 0}, black{0, 0, 0}, orange{254, 127, 0}, purple{127, 0, 254};
  expect_pixel(out, 0.5, 960, 180, red); // PiP not yet started
  expect_pixel(out, 2.0, 640, 360, red);
  expect_pixel(out, 2.0, 960, 180, {255, 0, 204}); // 80 % magenta over red
  expect_pixel(out, 2.0, 700, 350, red);           // just outside the PiP (768..1152, 72..288)
  expect_pixel(out, 4.0, 704, 396, orange);        // image 1024x576 centred at (704, 396)
  expect_pixel(out, 4.0, 210, 120, orange);        // near its top-left corner (192, 108)
  expect_pixel(out, 4.0, 170, 90, black);          // outside it
  expect_pixel(out, 4.0, 1250, 700, black);
  expect_pixel(out, 4.0, 960, 180, {255, 25, 204}); // PiP over orange
  expect_pixel(out, 6.0, 704, 396, purple);
  expect_pixel(out, 6.0, 960, 180, {229, 0, 255}); // PiP over purple
  expect_pixel(out, 7.5, 960, 180, purple);        // PiP over after 7 s
  expect_pixel(out, 7.5, 100, 50, black);
  // Sound: red's 440 Hz 0-3 s, magenta's 770 Hz 1-7 s, silence 7-8 s.
  EXPECT_GT(band_db(out, 0.1, 0.9, 440), -30);
  EXPECT_LT(band_db(out, 0.1, 0.9, 770), -45);
  EXPECT_GT(band_db(out, 4.0, 6.5, 770), -30);
  auto tail = testing::audio_rms_db(out, 7.2, 7.9);
  ASSERT_TRUE(tail);
  EXPECT_LT(*tail, -60);
}

TEST(RenderFixture, AvCaptionsTextAndMix) {
  CUTQUEUE_FIXTURES_OR_SKIP(fixtures);
  test::scratch_dir dir;
  fixture_render f;
  render_fixture(fixtures, "av_captions", dir, f);
  const auto& out = f.r.output;
  auto info = testing::probe(out);
  ASSERT_TRUE(info);
  EXPECT_NEAR(info->duration, 10.0, 0.1);
  // Captions centred at (320, 306): black outline pixels inside their windows only.
  EXPECT_GT(dark_pixels(out, 1.5, 200, 286, 240, 40), 20);
  EXPECT_EQ(dark_pixels(out, 3.2, 200, 286, 240, 40), 0);
  EXPECT_GT(dark_pixels(out, 5.0, 200, 286, 240, 40), 20);
  EXPECT_EQ(dark_pixels(out, 6.8, 200, 286, 240, 40), 0);
  EXPECT_GT(dark_pixels(out, 8.0, 200, 286, 240, 40), 20); // Chinese glyphs drawn
  EXPECT_EQ(dark_pixels(out, 9.8, 200, 286, 240, 40), 0);
  // Captions do not touch the rest of the picture.
  expect_pixel(out, 1.5, 320, 100, {255, 255, 0});
  expect_pixel(out, 8.0, 320, 100, {255, 0, 255});
  // Mix without normalisation: the clip tone keeps its level, the music sits 6 dB below it.
  double clip = band_db(out, 2.0, 4.5, 550);
  double music = band_db(out, 2.0, 4.5, 300);
  EXPECT_NEAR(clip - music, 6.0, 1.5);
  double alone = band_db(out, 0.1, 0.9, 550);
  EXPECT_NEAR(clip, alone, 1.0); // adding the music did not halve the clip's level
  EXPECT_LT(band_db(out, 0.1, 0.9, 300), -45);
  EXPECT_GT(band_db(out, 9.2, 9.9, 770), -30);
  EXPECT_LT(band_db(out, 9.2, 9.9, 300), -45);
}

// 60 s of video; run by hand for timing: --gtest_also_run_disabled_tests.
TEST(RenderFixture, DISABLED_LongDraft) {
  log::set_level(log::level::debug); // prints the FFmpeg command for timing it by hand
  CUTQUEUE_FIXTURES_OR_SKIP(fixtures);
  test::scratch_dir dir;
  fixture_render f;
  render_fixture(fixtures, "long_draft", dir, f);
  auto info = testing::probe(f.r.output);
  ASSERT_TRUE(info);
  EXPECT_NEAR(info->duration, 60.0, 0.1);
  const rgb cycle[] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 0}, {255, 0, 255}};
  for (int i = 0; i < 15; i += 4)
    expect_pixel(f.r.output, 4 * i + 2, 320, 180, cycle[i % 5]);
}

} // namespace
} // namespace cutqueue::render
