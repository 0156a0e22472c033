// Transitions rendered by FFmpeg, centred on the cut: a dissolve mixes the two clips, a flash
// dips to black, a wipe and a slide split the picture in their direction, a transition on a
// picture-in-picture track leaves the picture below alone; outside the window the clips are
// untouched and the draft keeps its length.
#include "tests/render/draft_fragments.hpp"
#include "tests/render/frame_sampler.hpp"
#include "tests/render/render_test_util.hpp"

#include <gtest/gtest.h>

namespace cutqueue::render {
namespace {

using test::add_transition;
using test::draft_builder;
using testing::rgb;

const rgb red{255, 0, 0}, green{0, 255, 0}, blue{0, 0, 255}, yellow{255, 255, 0}, black{0, 0, 0};

/// Two 2 s clips back to back on a 320x180 canvas, `name` (1 s) between them: the window is
/// frames 45..75, the cut at frame 60.
struct two_clips {
  test::scratch_dir dir;
  draft_builder b{320, 180, 4000000};
  std::string first_id, second_id;

  bool make(const std::string& first_file, const std::string& second_file, const std::string& name,
            const std::string& resource_id = "") {
    if (first_file.empty() || second_file.empty())
      return false;
    auto a = b.video(first_file, 320, 180);
    auto c = b.video(second_file, 320, 180);
    auto t = b.track("video");
    auto& first = b.segment(t, a, 0, 2000000, 1);
    add_transition(b, first, name, 1000000, resource_id);
    first_id = first["id"];
    second_id = b.segment(t, c, 2000000, 2000000, 1)["id"];
    return true;
  }
};

std::string split_clip(const std::string& dir, const std::string& name, const std::string& left,
                       const std::string& right) {
  const std::string out = dir + "/" + name;
  return test::ffmpeg({"-f", "lavfi", "-i",
                       "color=c=" + left + ":s=160x180:r=30:d=2[l];color=c=" + right +
                           ":s=160x180:r=30:d=2[r];[l][r]hstack",
                       "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", out})
             ? out
             : std::string{};
}

TEST(RenderTransitions, DissolveMixesTheClipsAtTheCutAndLeavesThemAloneOutsideItsWindow) {
  two_clips c;
  ASSERT_TRUE(c.make(test::make_clip(c.dir.path(), "r.mp4", "red", 320, 180, 2, 440),
                     test::make_clip(c.dir.path(), "g.mp4", "lime", 320, 180, 2, 660), "叠化",
                     "6724845717472416269"));
  auto out = test::render_local(test::parse(c.b), c.dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  auto info = testing::probe(out.output);
  ASSERT_TRUE(info);
  EXPECT_NEAR(info->duration, 4.0, 0.05) << "a transition does not lengthen the draft";
  EXPECT_NEAR(info->fps, 30, 0.01);
  const auto f = test::decode_frames(out.output, 320, 180, {30, 43, 52, 60, 68, 77, 90, 119});
  for (int64_t n : {30, 43}) {
    EXPECT_COLOUR(f, n, 160, 90, red, "before the window");
    EXPECT_COLOUR(f, n, 20, 20, red, "before the window");
  }
  for (int64_t n : {77, 90, 119})
    EXPECT_COLOUR(f, n, 300, 160, green, "after the window");
  const rgb cut = f.at(60).at(160, 90);
  EXPECT_TRUE(cut.r > 90 && cut.r < 170 && cut.g > 90 && cut.g < 170)
      << "half red, half green at the cut: " << test::text(cut);
  // The mix moves from red to green through the window.
  EXPECT_GT(f.at(52).at(160, 90).r, cut.r);
  EXPECT_LT(f.at(68).at(160, 90).r, cut.r);
}

TEST(RenderTransitions, FlashBlackDipsToBlackAtTheCut) {
  two_clips c;
  ASSERT_TRUE(c.make(test::make_clip(c.dir.path(), "g.mp4", "lime", 320, 180, 2, 0),
                     test::make_clip(c.dir.path(), "b.mp4", "blue", 320, 180, 2, 0), "闪黑",
                     "6724239388189921806"));
  auto out = test::render_local(test::parse(c.b), c.dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {40, 52, 60, 80});
  EXPECT_COLOUR(f, 40, 160, 90, green, "before the window");
  EXPECT_LT(f.at(60).level(160, 90), 50) << "black at the cut";
  EXPECT_LT(f.at(52).at(160, 90).g, 200) << "darkening towards the cut";
  EXPECT_COLOUR(f, 80, 160, 90, blue, "after the window");
}

TEST(RenderTransitions, WipeLeftUncoversTheNewClipFromTheRightEdge) {
  // Red|blue wipes to green|yellow: at the cut the left half is still the old clip's left
  // half, the right half already the new clip's right half.
  two_clips c;
  ASSERT_TRUE(c.make(split_clip(c.dir.path(), "a.mp4", "red", "blue"),
                     split_clip(c.dir.path(), "b.mp4", "lime", "yellow"), "向左擦除",
                     "6724849999336706573"));
  auto out = test::render_local(test::parse(c.b), c.dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {40, 50, 60, 80});
  EXPECT_COLOUR(f, 40, 60, 90, red, "before");
  EXPECT_COLOUR(f, 40, 260, 90, blue, "before");
  EXPECT_COLOUR(f, 60, 60, 90, red, "the old clip's left half, still");
  EXPECT_COLOUR(f, 60, 260, 90, yellow, "the new clip's right half, uncovered");
  EXPECT_COLOUR(f, 50, 300, 90, yellow, "the right edge goes first");
  EXPECT_COLOUR(f, 50, 200, 90, blue, "then the wipe moves left");
  EXPECT_COLOUR(f, 80, 60, 90, green, "after");
  EXPECT_COLOUR(f, 80, 260, 90, yellow, "after");
}

TEST(RenderTransitions, SlideLeftPushesTheOldClipOutToTheLeft) {
  // Both pictures move left: at the cut the old clip's right half is on the left of the
  // screen and the new clip's left half on the right.
  two_clips c;
  ASSERT_TRUE(c.make(split_clip(c.dir.path(), "a.mp4", "red", "blue"),
                     split_clip(c.dir.path(), "b.mp4", "lime", "yellow"), "左移",
                     "6726711499676455435"));
  auto out = test::render_local(test::parse(c.b), c.dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {40, 60, 80});
  EXPECT_COLOUR(f, 40, 60, 90, red, "before");
  EXPECT_COLOUR(f, 60, 60, 90, blue, "the old clip's right half, pushed left");
  EXPECT_COLOUR(f, 60, 260, 90, green, "the new clip's left half, coming in from the right");
  EXPECT_COLOUR(f, 80, 60, 90, green, "after");
}

TEST(RenderTransitions, SpinTurnsBothPicturesAndLeavesWhatNeitherCoversBlack) {
  // 顺时针旋转: at the cut the old picture has turned about 45 degrees clockwise and the new
  // one is 45 degrees short of its place, half faded in. Neither covers the middle of the left
  // and right edges then.
  two_clips c;
  ASSERT_TRUE(c.make(test::make_clip(c.dir.path(), "r.mp4", "red", 320, 180, 2, 0),
                     test::make_clip(c.dir.path(), "g.mp4", "lime", 320, 180, 2, 0), "顺时针旋转",
                     "6724226684721041932"));
  auto out = test::render_local(test::parse(c.b), c.dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {40, 60, 80});
  EXPECT_COLOUR(f, 40, 16, 90, red, "before the window");
  // Frame 60: the old picture at 46.5 degrees, the new one at -43.5: (16, 90) is 14 and 9 px
  // outside them.
  EXPECT_COLOUR(f, 60, 16, 90, black, "uncovered by both turned pictures");
  EXPECT_COLOUR(f, 60, 304, 90, black, "uncovered by both turned pictures");
  const rgb cut = f.at(60).at(160, 90);
  EXPECT_TRUE(cut.r > 60 && cut.g > 60) << "both pictures at the centre: " << test::text(cut);
  EXPECT_COLOUR(f, 80, 16, 90, green, "after the window");
}

TEST(RenderTransitions, ZoomOutShrinksTheOldPictureWhileTheNewOneFadesIn) {
  // 拉远: at the cut the old picture is at 60 % of its size in the middle, the new one half
  // faded in over everything.
  two_clips c;
  ASSERT_TRUE(c.make(test::make_clip(c.dir.path(), "r.mp4", "red", 320, 180, 2, 0),
                     test::make_clip(c.dir.path(), "g.mp4", "lime", 320, 180, 2, 0), "拉远",
                     "6724226338418332167"));
  auto out = test::render_local(test::parse(c.b), c.dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {40, 60, 80});
  EXPECT_COLOUR(f, 40, 20, 20, red, "before the window");
  const rgb centre = f.at(60).at(160, 90), corner = f.at(60).at(20, 20);
  EXPECT_TRUE(centre.r > 90 && centre.g > 90)
      << "old and new at the centre: " << test::text(centre);
  EXPECT_TRUE(corner.r < 40 && corner.g > 90 && corner.g < 170)
      << "only the new picture, half faded in, at the corner: " << test::text(corner);
  EXPECT_COLOUR(f, 80, 20, 20, green, "after the window");
}

TEST(RenderTransitions, ATransitionOnAPictureInPictureTrackLeavesThePictureBelowAlone) {
  test::scratch_dir dir;
  const std::string bg = test::make_still(dir.path(), "blue.png", "blue", 320, 180);
  const std::string r = test::make_clip(dir.path(), "r.mp4", "red", 320, 180, 2, 0);
  const std::string g = test::make_clip(dir.path(), "g.mp4", "lime", 320, 180, 2, 0);
  ASSERT_FALSE(bg.empty() || r.empty() || g.empty());
  draft_builder b(320, 180, 4000000);
  auto p = b.video(bg, 320, 180, true);
  auto mr = b.video(r, 320, 180);
  auto mg = b.video(g, 320, 180);
  b.segment(b.track("video"), p, 0, 4000000, 1);
  auto t = b.track("video");
  auto& first = b.segment(t, mr, 0, 2000000, 2);
  first["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}}; // x 80..240, y 45..135
  add_transition(b, first, "叠化", 1000000, "6724845717472416269");
  auto& second = b.segment(t, mg, 2000000, 2000000, 2);
  second["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  auto out = test::render_local(test::parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  auto info = testing::probe(out.output);
  ASSERT_TRUE(info);
  EXPECT_NEAR(info->duration, 4.0, 0.05);
  const auto f = test::decode_frames(out.output, 320, 180, {30, 60, 90});
  EXPECT_COLOUR(f, 30, 160, 90, red, "before the window");
  const rgb cut = f.at(60).at(160, 90);
  EXPECT_TRUE(cut.r > 90 && cut.r < 170 && cut.g > 90 && cut.g < 170 && cut.b < 60)
      << "red and green mixed, nothing of the blue below: " << test::text(cut);
  for (int64_t n : {30, 60, 90}) {
    EXPECT_COLOUR(f, n, 20, 20, blue, "the picture below, around the transition");
    EXPECT_COLOUR(f, n, 300, 160, blue, "the picture below, around the transition");
  }
  EXPECT_COLOUR(f, 90, 160, 90, green, "after the window");
}

TEST(RenderTransitions, TwoTransitionsInARowOnAPictureInPictureTrack) {
  // Red 0-1.5 s, green 1.5-3 s, red 3-4 s at half size over blue, dissolving at both cuts.
  test::scratch_dir dir;
  const std::string bg = test::make_still(dir.path(), "blue.png", "blue", 320, 180);
  const std::string r = test::make_clip(dir.path(), "r.mp4", "red", 320, 180, 2, 0);
  const std::string g = test::make_clip(dir.path(), "g.mp4", "lime", 320, 180, 2, 0);
  ASSERT_FALSE(bg.empty() || r.empty() || g.empty());
  draft_builder b(320, 180, 4000000);
  auto mr = b.video(r, 320, 180);
  auto mg = b.video(g, 320, 180);
  b.segment(b.track("video"), b.video(bg, 320, 180, true), 0, 4000000, 1);
  auto t = b.track("video");
  auto& one = b.segment(t, mr, 0, 1500000, 2);
  one["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  add_transition(b, one, "叠化", 600000, "6724845717472416269");
  auto& two = b.segment(t, mg, 1500000, 1500000, 2);
  two["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  add_transition(b, two, "叠化", 600000, "6724845717472416269");
  auto& three = b.segment(t, mr, 3000000, 1000000, 2);
  three["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  auto out = test::render_local(test::parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {20, 45, 67, 90, 110});
  EXPECT_COLOUR(f, 20, 160, 90, red, "the first clip");
  EXPECT_COLOUR(f, 67, 160, 90, green, "the second clip, between the transitions");
  EXPECT_COLOUR(f, 110, 160, 90, red, "the third clip");
  for (int64_t cut : {45, 90}) {
    const rgb c = f.at(cut).at(160, 90);
    EXPECT_TRUE(c.r > 90 && c.r < 170 && c.g > 90 && c.g < 170)
        << "frame " << cut << " " << test::text(c);
    EXPECT_COLOUR(f, cut, 20, 20, blue, "the picture below");
  }
}

TEST(RenderTransitions, ATransitionFromAFullClipIntoAPictureInPictureRenders) {
  test::scratch_dir dir;
  const std::string r = test::make_clip(dir.path(), "r.mp4", "red", 320, 180, 2, 0);
  const std::string g = test::make_clip(dir.path(), "g.mp4", "lime", 320, 180, 2, 0);
  ASSERT_FALSE(r.empty() || g.empty());
  draft_builder b(320, 180, 4000000);
  auto mr = b.video(r, 320, 180);
  auto mg = b.video(g, 320, 180);
  auto t = b.track("video");
  auto& first = b.segment(t, mr, 0, 2000000, 1);
  add_transition(b, first, "叠化", 1000000, "6724845717472416269");
  auto& second = b.segment(t, mg, 2000000, 2000000, 1);
  second["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  auto out = test::render_local(test::parse(b), dir);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  const auto f = test::decode_frames(out.output, 320, 180, {30, 60, 90});
  EXPECT_COLOUR(f, 30, 20, 20, red, "the full clip before the window");
  const rgb cut = f.at(60).at(160, 90);
  EXPECT_TRUE(cut.r > 90 && cut.r < 170 && cut.g > 90 && cut.g < 170) << test::text(cut);
  EXPECT_COLOUR(f, 90, 160, 90, green, "the picture-in-picture after it");
  EXPECT_COLOUR(f, 90, 20, 20, black, "black around it");
}

} // namespace
} // namespace cutqueue::render
