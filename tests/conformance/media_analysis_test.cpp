// The shared media helpers (tests/support): they measure what check_render.py measures, and a
// broken analysis fails an assertion in both directions instead of reading as 0.
#include "tests/support/media_assertions.hpp"
#include "tests/support/test_files.hpp"
#include "tests/support/tone_amplitude.hpp"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <cmath>

namespace cutqueue::testing {
namespace {

const double pi = std::acos(-1.0);

std::vector<float> sines(size_t n, double sr,
                         std::vector<std::tuple<double, double, double>> parts) {
  std::vector<float> x(n);
  for (size_t i = 0; i < n; ++i) {
    double v = 0;
    for (auto [amp, hz, phase] : parts)
      v += amp * std::sin(2 * pi * hz * static_cast<double>(i) / sr + phase);
    x[i] = static_cast<float>(v);
  }
  return x;
}

TEST(ToneAmplitude, MatchesNumpyOnTheSameSamples) {
  // Reference values from check_render.py's amp() (numpy 1.24) on these exact float32 samples.
  auto x = sines(4410, 44100, {{0.5, 1000.3, 0}, {0.1, 1007, 0.3}});
  auto a = tone_amplitude(x.data(), x.size(), 44100, 1000.3);
  auto b = tone_amplitude(x.data(), x.size(), 44100, 1010.0);
  auto far = tone_amplitude(x.data(), x.size(), 44100, 2000);
  ASSERT_TRUE(a && b && far);
  EXPECT_NEAR(*a, 0.44892457684349496, 1e-7);
  EXPECT_NEAR(*b, 0.20173889638992654, 1e-7);
  EXPECT_LT(*far, 1e-6);
  auto full = sines(44100, 44100, {{1.0, 441, 0}});
  auto f = tone_amplitude(full.data(), full.size(), 44100, 441);
  ASSERT_TRUE(f);
  EXPECT_NEAR(*f, 1.0000000017465047, 1e-7); // a full-scale sine reads 1.0
  auto eighth = sines(4800, 48000, {{0.125, 550, 0}});
  auto e = tone_amplitude(eighth.data(), eighth.size(), 48000, 550);
  ASSERT_TRUE(e);
  EXPECT_NEAR(*e, 0.12499999756961615, 1e-8);
  EXPECT_NEAR(amplitude_db(*e, 0.25), -6.02, 0.01);
}

TEST(ToneAmplitude, NoWindowOrNoBinIsAnErrorNotZero) {
  auto x = sines(63, 44100, {{0.5, 1000, 0}});
  EXPECT_FALSE(tone_amplitude(x.data(), x.size(), 44100, 1000));
  EXPECT_FALSE(tone_amplitude(x.data(), 0, 44100, 1000));
  auto y = sines(4410, 44100, {{0.5, 1000, 0}});
  EXPECT_FALSE(tone_amplitude(y.data(), y.size(), 44100, 30000)); // above Nyquist + 8 Hz
  EXPECT_FALSE(tone_amplitude(y.data(), y.size(), 0, 1000));
}

class MediaFile : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    dir_ = new test::scratch_dir;
    // 2 s of red (#FF0000) with a 440 Hz sine at 1/8 full scale (FFmpeg's default), 320x180.
    tone_ = test::make_clip(dir_->path(), "red440.mp4", "red", 320, 180, 2, 440);
    mute_ = test::make_clip(dir_->path(), "mute.mp4", "white", 320, 180, 1, 0);
  }
  static void TearDownTestSuite() { delete dir_; }
  static inline test::scratch_dir* dir_ = nullptr;
  static inline std::string tone_, mute_;
};

TEST_F(MediaFile, MeasuresPictureAndSound) {
  ASSERT_FALSE(tone_.empty());
  media_file m(tone_);
  ASSERT_TRUE(m.facts()) << m.facts().error();
  EXPECT_EQ(m.facts()->width, 320);
  EXPECT_EQ(m.facts()->frame_rate, "25/1");
  auto p = m.pixel(1.0, 160, 90);
  ASSERT_TRUE(p) << p.error();
  EXPECT_NEAR(p->r, 254, 3);
  EXPECT_NEAR(p->g, 0, 3);
  auto corner = m.pixel(1.0, 0, 0); // clipped to a 3x3 block, still a value
  ASSERT_TRUE(corner);
  EXPECT_NEAR(corner->r, 254, 3);
  auto tone = m.tone(0.5, 1.5, 440);
  ASSERT_TRUE(tone) << tone.error();
  EXPECT_NEAR(amplitude_db(*tone, 0.125), 0, 0.5);
  auto other = m.tone(0.5, 1.5, 660);
  ASSERT_TRUE(other);
  EXPECT_LT(*other, 0.004);
  auto rms = m.rms(0.5, 1.5);
  ASSERT_TRUE(rms);
  EXPECT_NEAR(*rms, 0.125 / std::sqrt(2.0), 0.01);
  auto band = m.band_energy(1.0, 0, 10, 0);
  ASSERT_TRUE(band);
  EXPECT_NEAR(*band, 320 * 10, 320 * 10 * 0.02);
  auto none = m.white_box(1.0, 0, 320, 0, 180);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  media_file w(mute_);
  auto box = w.white_box(0.5, 10, 20, 30, 40);
  ASSERT_TRUE(box) << box.error();
  ASSERT_TRUE(*box);
  EXPECT_EQ((*box)->x0, 10);
  EXPECT_EQ((*box)->y1, 39);
  EXPECT_EQ((*box)->count, 100);
}

TEST_F(MediaFile, FailuresAreErrors) {
  media_file missing(dir_->path() + "/missing.mp4");
  EXPECT_FALSE(missing.facts());
  EXPECT_FALSE(missing.pixel(1.0, 10, 10));
  EXPECT_FALSE(missing.tone(0.5, 1.5, 440));
  EXPECT_FALSE(missing.rms(0.5, 1.5));
  media_file m(tone_);
  EXPECT_FALSE(m.tone(5.0, 6.0, 440)) << "past the end: an empty window";
  EXPECT_FALSE(m.tone(1.0, 1.0005, 440)) << "22 samples";
  EXPECT_FALSE(m.pixel(1.0, 400, 90)) << "outside the frame";
  EXPECT_FALSE(m.frame(9.0)) << "no frame after the end";
  media_file mute(mute_);
  auto t = mute.tone(0.2, 0.8, 440);
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().find("no audio stream"), std::string::npos) << t.error();
  EXPECT_THROW(*t, std::logic_error); // an unchecked value is a failure, not 0
}

// The defect this replaces: band_db() returned 0 dB when FFmpeg failed, so "tone present" checks
// passed on files that were never analysed. Both directions must fail now.
TEST_F(MediaFile, BrokenAnalysisFailsToneAssertionsBothWays) {
  media_file missing(dir_->path() + "/missing.mp4");
  EXPECT_NONFATAL_FAILURE(EXPECT_TRUE(tone_above(missing, 0.5, 1.5, 440, -30)), "analysis failed");
  EXPECT_NONFATAL_FAILURE(EXPECT_TRUE(tone_below(missing, 0.5, 1.5, 440, -45)), "analysis failed");
  media_file mute(mute_);
  EXPECT_NONFATAL_FAILURE(EXPECT_TRUE(tone_below(mute, 0.2, 0.8, 440, -45)), "no audio stream");
  media_file m(tone_);
  EXPECT_NONFATAL_FAILURE(EXPECT_TRUE(tone_above(m, 5.0, 6.0, 440, -30)), "empty audio window");
  EXPECT_TRUE(tone_above(m, 0.5, 1.5, 440, -30));
  EXPECT_TRUE(tone_below(m, 0.5, 1.5, 880, -45));
  EXPECT_NONFATAL_FAILURE(EXPECT_TRUE(tone_below(m, 0.5, 1.5, 440, -45)), "want below");
}

} // namespace
} // namespace cutqueue::testing
