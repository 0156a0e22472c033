// input_table: one input per use of a local file (a segment's picture and sound share it), read
// only over the stretch that use plays; stills read as one frame.
#include "render/inputs.hpp"
#include "tests/render/draft_fragments.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

namespace cutqueue::render {
namespace {

/// The options just before `-i file:<path>` of the input numbered `nth` among those reading it.
std::vector<std::string> options_of(const std::vector<std::string>& argv, const std::string& path,
                                    int nth = 0) {
  auto in = argv.begin();
  for (int k = 0; k <= nth; ++k) {
    in = std::find(k == 0 ? argv.begin() : in + 1, argv.end(), "file:" + path);
    if (in == argv.end())
      return {};
  }
  auto begin = in - 1; // "-i"
  while (begin != argv.begin() && (begin - 1)->rfind("file:", 0) != 0)
    --begin;
  return {begin, in - 1};
}

bool has_pair(const std::vector<std::string>& v, const std::string& a, const std::string& b) {
  for (size_t i = 0; i + 1 < v.size(); ++i)
    if (v[i] == a && v[i + 1] == b)
      return true;
  return false;
}

TEST(Inputs, ASegmentsPictureAndSoundShareOneInputReadOverItsStretch) {
  draft::segment seg;
  input_table t;
  const size_t a = t.add(&seg, "/m.mp4", input_kind::media, test::fake_probe(640, 360, true));
  const size_t b = t.add(&seg, "/m.mp4", input_kind::media, test::fake_probe(640, 360, true));
  EXPECT_EQ(a, b);
  t.use_video(a, 500000, 1500000);
  t.use_audio(a, 500000, 1500000);
  EXPECT_EQ(t.first_us(a), 500000);
  std::ostringstream g;
  t.write_fanout(g);
  EXPECT_EQ(g.str(), "") << "one picture and one sound: nothing to split";
  EXPECT_EQ(t.take_video(a), "[0:v:0]");
  EXPECT_EQ(t.take_audio(a), "[0:a:0]");
  const auto opts = options_of(t.arguments("30/1", 0), "/m.mp4");
  EXPECT_TRUE(has_pair(opts, "-ss", "0.5")) << "from the start of the stretch played";
  EXPECT_TRUE(has_pair(opts, "-t", "2")) << "to its end, plus a second of slack";
}

TEST(Inputs, EveryUseOfAFileIsItsOwnInputOverItsOwnStretch) {
  draft::segment first, second;
  input_table t;
  const size_t a = t.add(&first, "/m.mp4", input_kind::media, test::fake_probe(640, 360));
  const size_t b = t.add(&second, "/m.mp4", input_kind::media, test::fake_probe(640, 360));
  EXPECT_NE(a, b);
  t.use_video(a, 0, 1000000);
  t.use_video(b, 5000000, 6000000);
  const auto argv = t.arguments("30/1", 0);
  const auto first_opts = options_of(argv, "/m.mp4", 0);
  EXPECT_EQ(std::count(first_opts.begin(), first_opts.end(), "-ss"), 0);
  EXPECT_TRUE(has_pair(first_opts, "-t", "2"));
  EXPECT_TRUE(has_pair(options_of(argv, "/m.mp4", 1), "-ss", "5"));
  EXPECT_TRUE(has_pair(options_of(argv, "/m.mp4", 1), "-t", "2"));
}

TEST(Inputs, TwoPicturesOfOneUseAreSplitFromOneDecoder) {
  draft::segment seg;
  input_table t;
  const size_t a = t.add(&seg, "/m.mp4", input_kind::media, test::fake_probe(640, 360));
  t.use_video(a, 0, 1000000);
  t.use_video(a, 0, 1000000);
  std::ostringstream g;
  t.write_fanout(g);
  EXPECT_NE(g.str().find("[0:v:0]split=2[i0v0][i0v1];"), std::string::npos) << g.str();
  EXPECT_EQ(t.take_video(a), "[i0v0]");
  EXPECT_EQ(t.take_video(a), "[i0v1]");
}

TEST(Inputs, APhotoIsReadAsOneFrameAtTheCanvasRate) {
  draft::segment seg;
  input_table t;
  const size_t p = t.add(&seg, "/p.png", input_kind::photo, test::fake_probe(640, 360));
  t.use_video(p, 0, 0);
  const auto opts = options_of(t.arguments("30000/1001", 0), "/p.png");
  EXPECT_TRUE(has_pair(opts, "-framerate", "30000/1001"));
  EXPECT_EQ(std::count(opts.begin(), opts.end(), "-ss"), 0);
  EXPECT_EQ(std::count(opts.begin(), opts.end(), "-t"), 0);
  EXPECT_EQ(t.first_us(p), 0);
}

TEST(Inputs, TheSameFileAsAPhotoAndAsAMediumIsTwoInputs) {
  draft::segment seg;
  input_table t;
  const size_t still = t.add(&seg, "/x.png", input_kind::photo, test::fake_probe(64, 64));
  const size_t media = t.add(&seg, "/x.png", input_kind::media, test::fake_probe(64, 64));
  EXPECT_NE(still, media);
  EXPECT_EQ(t.size(), 2u);
  EXPECT_EQ(t.kind(still), input_kind::photo);
  EXPECT_EQ(t.kind(media), input_kind::media);
}

TEST(Inputs, PicturesOfTheRenderersOwnAreNeverShared) {
  input_table t;
  const size_t a = t.add(nullptr, "/mask.png", input_kind::still, test::fake_probe(64, 64));
  const size_t b = t.add(nullptr, "/mask.png", input_kind::still, test::fake_probe(64, 64));
  EXPECT_NE(a, b);
}

TEST(Inputs, EveryInputIsAPlainLocalFile) {
  input_table t;
  t.use_video(t.add(nullptr, "concat:a|b", input_kind::media, test::fake_probe(8, 8)), 0, 1000000);
  const auto argv = t.arguments("25/1", 0);
  EXPECT_TRUE(has_pair(argv, "-i", "file:concat:a|b"));
  EXPECT_TRUE(has_pair(argv, "-protocol_whitelist", "file"));
}

/// A table of `n` video inputs /m0, /m1, ...
input_table videos(int n) {
  input_table t;
  for (int i = 0; i < n; ++i)
    t.use_video(t.add(nullptr, "/m" + std::to_string(i), input_kind::media, test::fake_probe(8, 8)),
                0, 1000000);
  return t;
}

TEST(Inputs, ManyInputsDecodeOnOneThreadEach) {
  const input_table t = videos(9);
  const auto argv = t.arguments("25/1", 0);
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "-threads"), 9);
  EXPECT_TRUE(has_pair(argv, "-threads", "1"));
}

TEST(Inputs, AThreadBudgetHoldsForEveryDecoder) {
  const input_table t = videos(2);
  const auto free_choice = t.arguments("25/1", 0);
  EXPECT_EQ(std::count(free_choice.begin(), free_choice.end(), "-threads"), 0)
      << "few inputs and no budget: FFmpeg chooses";
  const auto budget = t.arguments("25/1", 2);
  EXPECT_EQ(std::count(budget.begin(), budget.end(), "-threads"), 2);
  EXPECT_TRUE(has_pair(options_of(budget, "/m1"), "-threads", "2"));
}

} // namespace
} // namespace cutqueue::render
