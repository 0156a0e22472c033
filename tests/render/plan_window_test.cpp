// Windows of a picture plan (render/plan_window.hpp), the unit a chunk's graph is built from:
// which layers, transitions and looks a window holds, and how their times and states move.
#include "render/layer_chain.hpp"
#include "render/plan_window.hpp"

#include <gtest/gtest.h>

namespace cutqueue::render {
namespace {

/// 300 frames: layer 0 over [0, 120), layer 1 over [100, 300) with a transition 0 -> 1 over
/// [100, 120), a caption (layer 2) over [50, 250) moving one pixel a frame, and a look above
/// layers 0-1 over [200, 260).
picture_plan sample_plan() {
  picture_plan p;
  p.width = 320;
  p.height = 180;
  p.frames = 300;
  auto layer = [&](int64_t f0, int64_t f1) {
    visual_layer l;
    l.f0 = l.seg_f0 = f0;
    l.f1 = l.seg_f1 = f1;
    for (int64_t n = f0; n < f1; ++n) {
      frame_state s;
      s.cx = static_cast<double>(n);
      s.cy = 90;
      s.w = 100 + static_cast<double>(n - f0); // grows: the whole layer's largest size is 219
      s.h = 50;
      l.frames.push_back(s);
    }
    p.layers.push_back(l);
  };
  layer(0, 120);
  layer(100, 300);
  layer(50, 250);
  transition_plan t;
  t.from = 0;
  t.to = 1;
  t.f0 = 100;
  t.f1 = 120;
  t.xfade = "fade";
  p.transitions.push_back(t);
  look_layer lk;
  lk.above = 2;
  lk.f0 = 200;
  lk.f1 = 260;
  p.looks.push_back(lk);
  return p;
}

TEST(PlanWindow, AWindowHoldsWhatOverlapsItWithTheStatesOfItsOwnFrames) {
  const picture_plan whole = sample_plan();
  const picture_plan w = window_of(whole, 130, 210);
  EXPECT_EQ(w.frames, 80);
  EXPECT_EQ(w.origin, 130) << "looks read the draft's time through it";
  ASSERT_EQ(w.layers.size(), 2u) << "layer 0 ended at 120";
  const visual_layer& clip = w.layers[0];
  EXPECT_EQ(clip.f0, 0);
  EXPECT_EQ(clip.f1, 80);
  EXPECT_EQ(clip.skip, 30) << "frames of the layer before the window";
  EXPECT_EQ(clip.seg_f0, -30) << "its segment started before the window";
  ASSERT_EQ(clip.frames.size(), 80u);
  EXPECT_DOUBLE_EQ(clip.frames.front().cx, 130) << "the state of draft frame 130";
  // The shaping of the whole layer, not of the frames the window happens to hold.
  ASSERT_TRUE(clip.traits);
  EXPECT_EQ(clip.traits->work_w, layer_work_size(whole.layers[1], 320, 180).w);
  EXPECT_TRUE(w.transitions.empty()) << "the transition ended before the window";
  ASSERT_EQ(w.looks.size(), 1u);
  EXPECT_EQ(w.looks[0].f0, 70);
  EXPECT_EQ(w.looks[0].f1, 80);
  EXPECT_EQ(w.looks[0].above, 1u) << "still above the clip (layer 0 left the window)";
}

using window = std::pair<int64_t, int64_t>;

TEST(PlanWindow, ATransitionIsNeverCutAndKeepsItsLayers) {
  const picture_plan whole = sample_plan();
  // Edges inside [100, 120) move out to its ends; others stay.
  EXPECT_EQ(rendered_window_of(whole, 110, 200), (window{100, 200}));
  EXPECT_EQ(rendered_window_of(whole, 0, 105), (window{0, 120}));
  EXPECT_EQ(rendered_window_of(whole, 60, 90), (window{60, 90}));
  const picture_plan w = window_of(whole, 100, 200);
  ASSERT_EQ(w.transitions.size(), 1u);
  EXPECT_EQ(w.transitions[0].f0, 0);
  EXPECT_EQ(w.transitions[0].f1, 20);
  EXPECT_EQ(w.layers[w.transitions[0].from].f1, 20) << "the outgoing layer, re-indexed";
  EXPECT_EQ(w.layers[w.transitions[0].to].f0, 0);
}

} // namespace
} // namespace cutqueue::render
