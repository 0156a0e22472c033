// plan_picture: where every layer is drawn, frame by frame, on small drafts with fake probe
// results (no FFmpeg): aspect fit, clip placement, keyframes, render order, transition windows,
// animations, custom transitions, missing materials and canvas shapes.
#include "render/layer_plan.hpp"
#include "tests/render/draft_fragments.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace cutqueue::render {
namespace {

using test::add_animations;
using test::add_keyframes;
using test::add_transition;
using test::draft_builder;
using test::layer_of;

picture_plan plan_of(const draft::document& d, const caption_drawer& captions = {}) {
  return plan_picture(d, test::probe_all(d), captions);
}

/// A caption picture of 200x50 that is never written anywhere: the plan only needs its size.
bool fake_caption(const draft::segment&, const draft::text_material&, double sx, double sy,
                  caption_picture& out) {
  out.png = "not a picture: the plan only needs its size";
  out.width = static_cast<int>(std::lround(200 * sx));
  out.height = static_cast<int>(std::lround(50 * sy));
  out.scale_x = sx;
  out.scale_y = sy;
  return true;
}

bool has_note(const picture_plan& p, const std::string& feature_part, const std::string& where) {
  return std::any_of(p.notes.begin(), p.notes.end(), [&](const draft::unsupported_feature& n) {
    return n.feature.find(feature_part) != std::string::npos && n.where == where;
  });
}

TEST(LayerPlan, AspectFitThenScaleThenPositionInHalfCanvasUnitsWithYUp) {
  draft_builder b(640, 360, 1000000);
  auto m = b.video("/big.mp4", 1280, 720);
  auto& s = b.segment(b.track("video"), m, 0, 1000000, 1);
  s["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  s["clip"]["transform"] = {{"x", 0.5}, {"y", 0.5}}; // right and UP
  s["clip"]["rotation"] = 30.0;
  const auto d = test::parse(b);
  const auto p = plan_of(d);
  ASSERT_EQ(p.layers.size(), 1u);
  const visual_layer& l = p.layers[0];
  EXPECT_DOUBLE_EQ(l.base_w, 640);
  EXPECT_DOUBLE_EQ(l.base_h, 360);
  ASSERT_EQ(l.frames.size(), 30u);
  const frame_state& f = l.frames.front();
  EXPECT_DOUBLE_EQ(f.w, 320);
  EXPECT_DOUBLE_EQ(f.h, 180);
  EXPECT_DOUBLE_EQ(f.cx, 480); // 320 + 0.5 * 320
  EXPECT_DOUBLE_EQ(f.cy, 90);  // 180 - 0.5 * 180: +y is up on the canvas
  EXPECT_DOUBLE_EQ(f.rotation, 30);
  EXPECT_TRUE(l.static_geometry());
}

TEST(LayerPlan, PortraitMaterialIsFittedByHeightOnALandscapeCanvas) {
  draft_builder b(640, 360, 1000000);
  auto m = b.video("/tall.mp4", 360, 640);
  b.segment(b.track("video"), m, 0, 1000000, 1);
  const auto d = test::parse(b);
  const auto p = plan_of(d);
  ASSERT_EQ(p.layers.size(), 1u);
  const frame_state& f = p.layers[0].frames.front();
  EXPECT_DOUBLE_EQ(f.h, 360);
  EXPECT_DOUBLE_EQ(f.w, 202.5);
  EXPECT_DOUBLE_EQ(f.cx, 320);
  EXPECT_DOUBLE_EQ(f.cy, 180);
  EXPECT_FALSE(p.layers[0].covers_canvas(640, 360));
}

TEST(LayerPlan, LayersAreOrderedByRenderIndexNotByTrackOrder) {
  draft_builder b(640, 360, 1000000);
  auto m = b.video("/a.mp4", 640, 360);
  const std::string top = b.segment(b.track("video"), m, 0, 1000000, 7)["id"];
  const std::string bottom = b.segment(b.track("video"), m, 0, 1000000, 2)["id"];
  const auto d = test::parse(b);
  const auto p = plan_of(d);
  ASSERT_EQ(p.layers.size(), 2u);
  EXPECT_EQ(p.layers[0].seg->id, bottom);
  EXPECT_EQ(p.layers[1].seg->id, top);
}

TEST(LayerPlan, KeyframedSegmentChangesFrameByFrameOnItsOwnTime) {
  // The keyframes fixture's clip: starts at 1 s, X -0.5 -> 0.5 and Y 0.5 -> 0 over its first
  // 2 s, then scale 0.5 -> 1 over 2..4 s, alpha 1 -> 0 over 4..6 s.
  draft_builder b(640, 360, 7000000);
  auto m = b.video("/y.mp4", 640, 360);
  auto& s = b.segment(b.track("video"), m, 1000000, 6000000, 2);
  s["uniform_scale"] = {{"on", false}, {"value", 1.0}};
  add_keyframes(s, "KFTypePositionX", {{0, -0.5}, {2000000, 0.5}});
  add_keyframes(s, "KFTypePositionY", {{0, 0.5}, {2000000, 0.0}});
  add_keyframes(s, "KFTypeScaleX", {{2000000, 0.5}, {4000000, 1.0}});
  add_keyframes(s, "KFTypeScaleY", {{2000000, 0.5}, {4000000, 1.0}});
  add_keyframes(s, "KFTypeAlpha", {{4000000, 1.0}, {6000000, 0.0}});
  const auto d = test::parse(b);
  const auto p = plan_of(d);
  ASSERT_EQ(p.layers.size(), 1u);
  const visual_layer& l = p.layers[0];
  EXPECT_EQ(l.f0, 30);
  EXPECT_EQ(l.f1, 210);
  struct row {
    int64_t frame;
    double cx, cy, w, alpha;
  };
  for (const row& r :
       {row{30, 160, 90, 320, 1}, row{45, 240, 112.5, 320, 1}, row{60, 320, 135, 320, 1},
        row{90, 480, 180, 320, 1}, row{120, 480, 180, 480, 1}, row{150, 480, 180, 640, 1},
        row{165, 480, 180, 640, 0.75}, row{180, 480, 180, 640, 0.5}}) {
    const frame_state& f = l.at(r.frame);
    EXPECT_NEAR(f.cx, r.cx, 1e-6) << "frame " << r.frame;
    EXPECT_NEAR(f.cy, r.cy, 1e-6) << "frame " << r.frame;
    EXPECT_NEAR(f.w, r.w, 1e-6) << "frame " << r.frame;
    EXPECT_NEAR(f.h, r.w * 360 / 640, 1e-6) << "frame " << r.frame;
    EXPECT_NEAR(f.alpha, r.alpha, 1e-6) << "frame " << r.frame;
  }
  EXPECT_FALSE(l.static_geometry());
  EXPECT_FALSE(l.static_look());
}

TEST(LayerPlan, KeyframesOfASpeedTwoSegmentComeAtHalfTheirOffset) {
  draft_builder b(640, 360, 2000000);
  auto m = b.video("/a.mp4", 640, 360);
  auto& s = b.segment(b.track("video"), m, 0, 2000000, 1, 0, 4000000, 2.0);
  add_keyframes(s, "KFTypeRotation", {{0, 0.0}, {2000000, 90.0}});
  const auto d = test::parse(b);
  const auto p = plan_of(d);
  ASSERT_EQ(p.layers.size(), 1u);
  EXPECT_NEAR(p.layers[0].at(15).rotation, 45, 1e-6); // 0.5 s in: source 1 s
  EXPECT_NEAR(p.layers[0].at(30).rotation, 90, 1e-6); // 1 s in: source 2 s
  EXPECT_NEAR(p.layers[0].at(50).rotation, 90, 1e-6); // held after the last
}

TEST(LayerPlan, SaturationKeyframesReachTheFrameStates) {
  draft_builder b(640, 360, 1000000);
  auto m = b.video("/a.mp4", 640, 360);
  auto& s = b.segment(b.track("video"), m, 0, 1000000, 1);
  add_keyframes(s, "KFTypeSaturation", {{0, 0.0}, {1000000, -1.0}});
  const auto d = test::parse(b);
  const auto p = plan_of(d);
  ASSERT_EQ(p.layers.size(), 1u);
  EXPECT_NEAR(p.layers[0].at(15).saturation, -0.5, 1e-6);
  EXPECT_TRUE(p.layers[0].static_geometry());
  EXPECT_FALSE(p.layers[0].static_look());
}

TEST(LayerPlan, TransitionWindowIsCentredOnTheCutAndExtendsBothLayers) {
  draft_builder b(640, 360, 6000000);
  auto r = b.video("/red.mp4", 640, 360);
  auto g = b.video("/green.mp4", 640, 360);
  auto t = b.track("video");
  auto& first = b.segment(t, r, 0, 3000000, 1);
  add_transition(b, first, "叠化", 1000000, "6724845717472416269");
  const std::string a_id = first["id"];
  const std::string b_id = b.segment(t, g, 3000000, 3000000, 1)["id"];
  const auto d = test::parse(b);
  const auto p = plan_of(d);
  ASSERT_EQ(p.transitions.size(), 1u);
  const transition_plan& tp = p.transitions[0];
  EXPECT_EQ(tp.f0, 75);  // 2.5 s
  EXPECT_EQ(tp.f1, 105); // 3.5 s
  EXPECT_EQ(tp.xfade, "fade");
  EXPECT_TRUE(tp.custom.empty());
  const visual_layer* a = layer_of(p, a_id);
  const visual_layer* n = layer_of(p, b_id);
  ASSERT_TRUE(a && n);
  EXPECT_EQ(p.layers[tp.from].seg->id, a_id);
  EXPECT_EQ(p.layers[tp.to].seg->id, b_id);
  EXPECT_EQ(a->seg_f1, 90);
  EXPECT_EQ(a->f1, 105); // the outgoing clip goes on over the window
  EXPECT_EQ(n->seg_f0, 90);
  EXPECT_EQ(n->f0, 75); // the incoming clip starts with it
  EXPECT_EQ(a->frames.size(), 105u);
  EXPECT_EQ(n->frames.size(), 105u);
  // Outside their own segments the pictures hold their placement.
  EXPECT_TRUE(a->static_geometry());
  EXPECT_TRUE(n->static_geometry());
  EXPECT_EQ(p.frames, 180); // the draft does not get longer
}

TEST(LayerPlan, TransitionWindowIsClampedToHalfOfEachClip) {
  draft_builder b(640, 360, 1000000);
  auto r = b.video("/red.mp4", 640, 360);
  auto t = b.track("video");
  auto& first = b.segment(t, r, 0, 400000, 1); // 12 frames
  add_transition(b, first, "叠化", 2000000);
  b.segment(t, r, 400000, 600000, 1); // 18 frames
  const auto d = test::parse(b);
  const auto p = plan_of(d);
  ASSERT_EQ(p.transitions.size(), 1u);
  EXPECT_EQ(p.transitions[0].f0, 12 - 6); // half of the first clip before the cut
  EXPECT_EQ(p.transitions[0].f1, 12 + 9); // half of the second clip after it
}

TEST(LayerPlan, ATransitionWithoutAClipRightAfterItIsNamedInTheNotes) {
  draft_builder b(640, 360, 4000000);
  auto r = b.video("/red.mp4", 640, 360);
  auto t = b.track("video");
  b.segment(t, r, 0, 1000000, 1);
  auto& last = b.segment(t, r, 1000000, 1000000, 1);
  add_transition(b, last, "叠化", 500000);
  const std::string last_id = last["id"];
  auto& before_gap = b.segment(b.track("video"), r, 0, 1000000, 2);
  add_transition(b, before_gap, "闪黑", 500000);
  const std::string gap_id = before_gap["id"];
  b.segment(b.doc()["tracks"].size() - 1, r, 3000000, 1000000, 2); // a 2 s gap after it
  const auto d = test::parse(b);
  const auto p = plan_of(d);
  EXPECT_TRUE(p.transitions.empty());
  EXPECT_TRUE(has_note(p, "transition 叠化", "segment " + last_id));
  EXPECT_TRUE(has_note(p, "transition 闪黑", "segment " + gap_id));
}

TEST(LayerPlan, FadeInIsHalfOpaqueHalfWayThroughItsWindowAndFadeOutMirrorsIt) {
  draft_builder b(640, 360, 6000000);
  auto ph = b.video("/orange.png", 640, 360, true);
  auto& s = b.segment(b.track("video"), ph, 1000000, 4000000, 2);
  add_animations(b, s,
                 {{"渐显", "in", "video", 0, 1000000, "6798320778182922760"},
                  {"渐隐", "out", "video", 3000000, 1000000, "6798320902548230669"}});
  const auto d = test::parse(b);
  const auto p = plan_of(d);
  ASSERT_EQ(p.layers.size(), 1u);
  const visual_layer& l = p.layers[0];
  EXPECT_TRUE(l.photo);
  EXPECT_NEAR(l.at(30).alpha, 0.0, 1e-6);  // 1.0 s: the fade in starts from nothing
  EXPECT_NEAR(l.at(45).alpha, 0.5, 1e-6);  // 1.5 s
  EXPECT_NEAR(l.at(60).alpha, 1.0, 1e-6);  // 2.0 s: fully shown
  EXPECT_NEAR(l.at(105).alpha, 1.0, 1e-6); // 3.5 s
  EXPECT_NEAR(l.at(135).alpha, 0.5, 1e-6); // 4.5 s
  EXPECT_NEAR(l.at(149).alpha, 1.0 / 30, 1e-6);
  EXPECT_TRUE(l.static_geometry()); // fades do not move the picture
}

TEST(LayerPlan, SlideInStartsBehindItsDirectionAndLandsOnItsPlace) {
  draft_builder b(640, 360, 3000000);
  auto ph = b.video("/p.png", 640, 360, true);
  auto& right = b.segment(b.track("video"), ph, 0, 3000000, 1);
  right["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  add_animations(b, right, {{"向右滑动", "in", "video", 0, 1000000, "6798333076469453320"}});
  const std::string right_id = right["id"];
  auto& up = b.segment(b.track("video"), ph, 0, 3000000, 2);
  up["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  add_animations(b, up, {{"向上滑动", "in", "video", 0, 1000000, "6798333487523828238"}});
  const std::string up_id = up["id"];
  const auto d = test::parse(b);
  const auto p = plan_of(d);
  const visual_layer* r = layer_of(p, right_id);
  const visual_layer* u = layer_of(p, up_id);
  ASSERT_TRUE(r && u);
  // 向右滑动 (slide right) comes in from the left: off the canvas on its first frame, moving
  // right on every frame, on its place once the second is over.
  EXPECT_LT(r->at(0).cx + r->at(0).w / 2, 0);
  EXPECT_DOUBLE_EQ(r->at(0).cy, 180);
  for (int64_t n = 1; n < 30; ++n)
    EXPECT_GT(r->at(n).cx, r->at(n - 1).cx) << n;
  EXPECT_DOUBLE_EQ(r->at(30).cx, 320);
  EXPECT_DOUBLE_EQ(r->at(89).cx, 320);
  // 向上滑动 (slide up) comes in from below (+y down on the canvas) and moves up.
  EXPECT_GT(u->at(0).cy - u->at(0).h / 2, 360);
  EXPECT_DOUBLE_EQ(u->at(0).cx, 320);
  for (int64_t n = 1; n < 30; ++n)
    EXPECT_LT(u->at(n).cy, u->at(n - 1).cy) << n;
  EXPECT_DOUBLE_EQ(u->at(30).cy, 180);
}

TEST(LayerPlan, SlideOutLeavesTowardsItsDirection) {
  draft_builder b(640, 360, 2000000);
  auto ph = b.video("/p.png", 640, 360, true);
  auto& s = b.segment(b.track("video"), ph, 0, 2000000, 1);
  add_animations(b, s, {{"向左滑动", "out", "video", 1000000, 1000000, "6798332972098392584"}});
  const auto d = test::parse(b);
  const auto p = plan_of(d);
  ASSERT_EQ(p.layers.size(), 1u);
  const visual_layer& l = p.layers[0];
  EXPECT_DOUBLE_EQ(l.at(29).cx, 320); // before the out animation
  for (int64_t n = 31; n < 60; ++n)
    EXPECT_LT(l.at(n).cx, l.at(n - 1).cx) << n;
  EXPECT_LT(l.at(59).cx, 0); // almost gone to the left on the last frame
}

TEST(LayerPlan, ZoomInGrowsToItsPlace) {
  draft_builder b(640, 360, 2000000);
  auto ph = b.video("/p.png", 640, 360, true);
  auto& s = b.segment(b.track("video"), ph, 0, 2000000, 1);
  s["clip"]["scale"] = {{"x", 0.5}, {"y", 0.5}};
  add_animations(b, s, {{"放大", "in", "video", 0, 1000000, "6798332733694153230"}});
  const auto d = test::parse(b);
  const auto p = plan_of(d);
  ASSERT_EQ(p.layers.size(), 1u);
  const visual_layer& l = p.layers[0];
  EXPECT_LT(l.at(0).w, 320 * 0.75);
  for (int64_t n = 1; n < 30; ++n)
    EXPECT_GT(l.at(n).w, l.at(n - 1).w) << n;
  EXPECT_DOUBLE_EQ(l.at(30).w, 320);
  EXPECT_DOUBLE_EQ(l.at(0).cx, 320); // about its centre
}

TEST(LayerPlan, LoopBlinkRepeatsItsCycleOverTheWholeSegment) {
  draft_builder b(640, 360, 6000000);
  auto txt = b.text("LOOP TEXT");
  auto& s = b.segment(b.track("text"), txt, 3500000, 2500000, 3);
  s.erase("source_timerange");
  add_animations(b, s, {{"闪烁", "loop", "sticker", 0, 500000, "6724921437930394120"}});
  const auto d = test::parse(b);
  const auto p = plan_picture(d, {}, fake_caption);
  ASSERT_EQ(p.layers.size(), 1u);
  const visual_layer& l = p.layers[0];
  ASSERT_EQ(l.source, layer_source::caption);
  EXPECT_EQ(l.f0, 105);
  EXPECT_EQ(l.f1, 180);
  // Shown at the start of every 15-frame cycle, gone half-way through it.
  for (int64_t start = 105; start + 15 <= 180; start += 15) {
    EXPECT_NEAR(l.at(start).alpha, 1.0, 1e-6) << start;
    EXPECT_LT(l.at(start + 7).alpha, 0.1) << start;
  }
  for (int64_t n = 105; n + 15 < 180; ++n)
    EXPECT_NEAR(l.at(n).alpha, l.at(n + 15).alpha, 1e-6) << n;
}

TEST(LayerPlan, TypewriterRevealsFromTheLeftEdge) {
  draft_builder b(640, 360, 2000000);
  auto txt = b.text("TYPED");
  auto& s = b.segment(b.track("text"), txt, 0, 2000000, 3);
  add_animations(b, s, {{"打字机 I", "in", "sticker", 0, 1000000, "6724920249654710791"}});
  const auto d = test::parse(b);
  const auto p = plan_picture(d, {}, fake_caption);
  ASSERT_EQ(p.layers.size(), 1u);
  const visual_layer& l = p.layers[0];
  EXPECT_EQ(l.at(15).reveal_from, 0); // left
  EXPECT_NEAR(l.at(15).reveal, 0.5, 1e-6);
  for (int64_t n = 1; n < 30; ++n)
    EXPECT_GE(l.at(n).reveal, l.at(n - 1).reveal) << n;
  EXPECT_DOUBLE_EQ(l.at(30).reveal, 1.0);
  EXPECT_DOUBLE_EQ(l.at(0).alpha, 0.0); // nothing uncovered yet: nothing drawn
}

TEST(LayerPlan, SpinTransitionTurnsBothPicturesAroundTheCut) {
  draft_builder b(640, 360, 2000000);
  auto r = b.video("/red.mp4", 640, 360);
  auto g = b.video("/green.mp4", 640, 360);
  auto t = b.track("video");
  auto& first = b.segment(t, r, 0, 1000000, 1);
  add_transition(b, first, "顺时针旋转", 600000, "6724226684721041932");
  const std::string a_id = first["id"];
  const std::string b_id = b.segment(t, g, 1000000, 1000000, 1)["id"];
  const auto d = test::parse(b);
  const auto p = plan_of(d);
  ASSERT_EQ(p.transitions.size(), 1u);
  const transition_plan& tp = p.transitions[0];
  EXPECT_EQ(tp.custom, "spin_cw");
  EXPECT_TRUE(tp.xfade.empty());
  EXPECT_EQ(tp.f0, 21);
  EXPECT_EQ(tp.f1, 39);
  const visual_layer* a = layer_of(p, a_id);
  const visual_layer* n = layer_of(p, b_id);
  ASSERT_TRUE(a && n);
  EXPECT_DOUBLE_EQ(a->at(20).rotation, 0); // before the window
  EXPECT_DOUBLE_EQ(n->at(39).rotation, 0); // after it
  for (int64_t k = 22; k < 39; ++k) {
    EXPECT_GT(a->at(k).rotation, a->at(k - 1).rotation) << k; // turns clockwise away
    EXPECT_GT(n->at(k).rotation, n->at(k - 1).rotation) << k; // turns clockwise into place
  }
  EXPECT_GT(a->at(38).rotation, 45);
  EXPECT_LT(n->at(21).rotation, -45);
  EXPECT_LT(n->at(21).alpha, 0.1); // the new picture fades in
  EXPECT_GT(n->at(38).alpha, 0.9);
}

TEST(LayerPlan, ZoomOutTransitionShrinksTheOldPictureUnderTheNewOne) {
  draft_builder b(640, 360, 2000000);
  auto r = b.video("/red.mp4", 640, 360);
  auto t = b.track("video");
  auto& first = b.segment(t, r, 0, 1000000, 1);
  add_transition(b, first, "拉远", 600000, "6724226338418332167");
  const std::string a_id = first["id"];
  const std::string b_id = b.segment(t, r, 1000000, 1000000, 1)["id"];
  const auto d = test::parse(b);
  const auto p = plan_of(d);
  ASSERT_EQ(p.transitions.size(), 1u);
  EXPECT_EQ(p.transitions[0].custom, "zoom_out");
  const visual_layer* a = layer_of(p, a_id);
  const visual_layer* n = layer_of(p, b_id);
  ASSERT_TRUE(a && n);
  EXPECT_DOUBLE_EQ(a->at(20).w, 640);
  for (int64_t k = 22; k < 39; ++k) {
    EXPECT_LT(a->at(k).w, a->at(k - 1).w) << k;
    EXPECT_GT(n->at(k).alpha, n->at(k - 1).alpha) << k;
  }
  EXPECT_DOUBLE_EQ(a->at(30).cx, 320); // towards the centre
  EXPECT_DOUBLE_EQ(n->at(39).alpha, 1.0);
  EXPECT_DOUBLE_EQ(n->at(39).w, 640);
}

TEST(LayerPlan, MissingMaterialsAreLeftOutAndNamedInTheNotes) {
  draft_builder b(640, 360, 2000000);
  auto here = b.video("/here.mp4", 640, 360);
  auto gone = b.video("/gone.mp4", 640, 360);
  auto t = b.track("video");
  b.segment(t, here, 0, 1000000, 1);
  const std::string gone_id = b.segment(t, gone, 1000000, 1000000, 1)["id"];
  const auto d = test::parse(b);
  probed_materials probed;
  probed["/here.mp4"] = test::fake_probe(640, 360);
  const auto p = plan_picture(d, probed, {});
  ASSERT_EQ(p.layers.size(), 1u);
  EXPECT_EQ(p.layers[0].material_path, "/here.mp4");
  EXPECT_TRUE(has_note(p, "material not available", "segment " + gone_id));
}

TEST(LayerPlan, SoundOnlyMaterialOnAVideoTrackIsNamedInTheNotes) {
  draft_builder b(640, 360, 1000000);
  auto m = b.video("/sound.m4a", 0, 0);
  const std::string id = b.segment(b.track("video"), m, 0, 1000000, 1)["id"];
  const auto d = test::parse(b);
  probed_materials probed;
  probed["/sound.m4a"] = test::fake_probe(0, 0, true);
  const auto p = plan_picture(d, probed, {});
  EXPECT_TRUE(p.layers.empty());
  EXPECT_TRUE(has_note(p, "without a picture", "segment " + id));
}

struct fit_case {
  int canvas_w, canvas_h, src_w, src_h;
  double want_w, want_h;
};

class CanvasFit : public ::testing::TestWithParam<fit_case> {};

TEST_P(CanvasFit, MaterialIsAspectFittedAndCentredOnTheCanvas) {
  const fit_case c = GetParam();
  draft_builder b(c.canvas_w, c.canvas_h, 1000000);
  auto m = b.video("/m.mp4", c.src_w, c.src_h);
  b.segment(b.track("video"), m, 0, 1000000, 1);
  const auto d = test::parse(b);
  const auto p = plan_of(d);
  ASSERT_EQ(p.layers.size(), 1u);
  const frame_state& f = p.layers[0].frames.front();
  EXPECT_NEAR(f.w, c.want_w, 1e-6);
  EXPECT_NEAR(f.h, c.want_h, 1e-6);
  EXPECT_DOUBLE_EQ(f.cx, c.canvas_w / 2.0);
  EXPECT_DOUBLE_EQ(f.cy, c.canvas_h / 2.0);
  EXPECT_EQ(p.width, c.canvas_w);
  EXPECT_EQ(p.height, c.canvas_h);
}

INSTANTIATE_TEST_SUITE_P(
    VerticalAndSquareCanvases, CanvasFit,
    ::testing::Values(fit_case{1080, 1920, 1920, 1080, 1080, 607.5}, // landscape: full width
                      fit_case{1080, 1920, 1080, 1920, 1080, 1920},  // portrait: all of it
                      fit_case{1080, 1920, 720, 1280, 1080, 1920},   // smaller 9:16: grown
                      fit_case{1080, 1920, 500, 500, 1080, 1080},    // square: full width
                      fit_case{1080, 1920, 301, 167, 1080, 1080.0 * 167 / 301},
                      fit_case{1080, 1080, 1920, 1080, 1080, 607.5}, // landscape: full width
                      fit_case{1080, 1080, 1080, 1920, 607.5, 1080}, // portrait: full height
                      fit_case{1080, 1080, 500, 300, 1080, 648},     // 5:3
                      fit_case{1080, 1080, 300, 500, 648, 1080}));

} // namespace
} // namespace cutqueue::render
