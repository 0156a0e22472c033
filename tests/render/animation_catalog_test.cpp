// The animation look tables: all six catalogue lists are there, the common names have their
// standard looks, resource ids win over names, names outside the catalogue get a keyword family
// or the fallback, and every entry behaves at its ends (ins end, outs start, loops repeat at
// the static placement). Counts are written out: the build must not read /work/shared.
#include "render/animation_catalog.hpp"
#include "render/animation_state.hpp"
#include "render/look_tables.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>

namespace cutqueue::render {
namespace {

const std::map<animation_kind, std::size_t> catalogue_counts = {
    {animation_kind::video_in, 155},    // video_intro.tsv
    {animation_kind::video_out, 124},   // video_outro.tsv
    {animation_kind::video_group, 123}, // video_group.tsv
    {animation_kind::text_in, 145},     // text_intro.tsv
    {animation_kind::text_out, 97},     // text_outro.tsv
    {animation_kind::text_loop, 93},    // text_loop.tsv
};

const std::set<std::string> in_out_families = {"fade",   "slide", "zoom",  "rotate", "wipe",
                                               "bounce", "blink", "shake", "swing"};
const std::set<std::string> loop_families = {"blink", "pulse",  "swing", "shake", "bounce",
                                             "wave",  "rotate", "orbit", "none"};

// The animations of the fixture draft (fixtures/animations_text).
const std::string photo_fade_in_id = "6798320778182922760";  // 渐显, picture
const std::string photo_fade_out_id = "6798320902548230669"; // 渐隐, picture
const std::string text_fade_in_id = "6724916044072227332";   // 渐显, caption
const std::string text_fade_out_id = "6724919382104871427";  // 渐隐, caption
const std::string text_blink_id = "6724921437930394120";     // 闪烁, caption loop

std::string kind_name(animation_kind k) {
  static const char* names[] = {"video_in", "video_out", "video_group",
                                "text_in",  "text_out",  "text_loop"};
  return names[static_cast<int>(k)];
}

bool is_in(animation_kind k) {
  return k == animation_kind::video_in || k == animation_kind::text_in;
}

animation_look look_of(const looks::animation_entry& e) {
  return animation_look_for(e.kind, e.resource_id, e.name);
}

TEST(AnimationCatalog, HoldsEveryCatalogueListComplete) {
  std::map<animation_kind, std::size_t> counts;
  std::map<animation_kind, std::set<std::string>> ids, names;
  for (std::size_t i = 0; i < looks::animation_entry_count; ++i) {
    const auto& e = looks::animation_entries[i];
    ++counts[e.kind];
    EXPECT_TRUE(ids[e.kind].insert(e.resource_id).second) << e.resource_id;
    EXPECT_TRUE(names[e.kind].insert(e.name).second) << e.name;
  }
  EXPECT_EQ(counts, catalogue_counts);
}

TEST(AnimationCatalog, EveryEntryHasAKnownFamilyAndSaneParameters) {
  for (std::size_t i = 0; i < looks::animation_entry_count; ++i) {
    const auto& e = looks::animation_entries[i];
    const animation_look look = look_of(e);
    SCOPED_TRACE(kind_name(e.kind) + " " + e.name);
    const auto& allowed = is_loop(e.kind) ? loop_families : in_out_families;
    EXPECT_TRUE(allowed.count(look.family)) << look.family;
    EXPECT_GT(look.zoom, 0.0);
    EXPECT_GE(look.distance, 0.0);
    EXPECT_LE(look.distance, 2.0); // never further than a whole canvas
    EXPECT_GE(look.cycles, 1.0);
    EXPECT_LE(std::abs(look.angle), 360.0);
  }
}

TEST(AnimationCatalog, FixtureResourceIdsFindTheirLooks) {
  const animation_look photo_in =
      animation_look_for(animation_kind::video_in, photo_fade_in_id, "渐显");
  EXPECT_EQ(photo_in.family, "fade");
  EXPECT_EQ(photo_in.how, fidelity::exact);
  EXPECT_EQ(photo_in.ease, easing::linear);
  EXPECT_EQ(animation_look_for(animation_kind::video_out, photo_fade_out_id, "渐隐").family,
            "fade");
  EXPECT_EQ(animation_look_for(animation_kind::text_in, text_fade_in_id, "渐显").family, "fade");
  EXPECT_EQ(animation_look_for(animation_kind::text_out, text_fade_out_id, "渐隐").family, "fade");
  const animation_look blink = animation_look_for(animation_kind::text_loop, text_blink_id, "闪烁");
  EXPECT_EQ(blink.family, "blink");
  EXPECT_EQ(blink.how, fidelity::exact);
}

TEST(AnimationCatalog, ResourceIdWinsOverAConflictingName) {
  // The caption 渐显 id, named like the slide.
  const animation_look look =
      animation_look_for(animation_kind::text_in, text_fade_in_id, "向左滑动");
  EXPECT_EQ(look.family, "fade");
  // Ids belong to one kind: the caption id means nothing among picture ins, so the name decides.
  const animation_look other =
      animation_look_for(animation_kind::video_in, text_fade_in_id, "放大");
  EXPECT_EQ(other.family, "zoom");
}

TEST(AnimationCatalog, CommonNamesHaveTheirStandardLooks) {
  const auto exact = [](animation_kind k, const std::string& name) {
    animation_look look = animation_look_for(k, "", name);
    EXPECT_EQ(look.how, fidelity::exact) << name;
    return look;
  };
  const animation_look left = exact(animation_kind::video_in, "向左滑动");
  EXPECT_EQ(left.family, "slide");
  EXPECT_EQ(left.dir, direction::left);
  EXPECT_EQ(exact(animation_kind::text_out, "向上滑动").dir, direction::up);
  EXPECT_EQ(exact(animation_kind::video_in, "放大").family, "zoom");
  EXPECT_EQ(exact(animation_kind::video_out, "缩小").family, "zoom");
  EXPECT_EQ(exact(animation_kind::video_in, "旋转").family, "rotate");
  EXPECT_EQ(exact(animation_kind::text_in, "向右擦除").family, "wipe");
  EXPECT_EQ(exact(animation_kind::text_loop, "摇摆").family, "swing");
  EXPECT_EQ(exact(animation_kind::text_loop, "钟摆").family, "swing");
  EXPECT_EQ(exact(animation_kind::text_loop, "心跳").family, "pulse");
  EXPECT_EQ(exact(animation_kind::text_loop, "跳动").family, "bounce");
  EXPECT_EQ(exact(animation_kind::text_loop, "旋转").family, "rotate");
}

TEST(AnimationCatalog, CatalogueNamesGetKeywordFamilies) {
  const auto family = [](animation_kind k, const std::string& name) {
    const animation_look look = animation_look_for(k, "", name);
    EXPECT_EQ(look.how, fidelity::family) << name;
    return look.family;
  };
  EXPECT_EQ(family(animation_kind::text_in, "打字机 I"), "wipe");
  EXPECT_EQ(family(animation_kind::text_in, "展开"), "wipe");
  EXPECT_EQ(family(animation_kind::text_in, "闪动"), "blink");
  EXPECT_EQ(family(animation_kind::text_loop, "颤抖"), "shake");
  EXPECT_EQ(family(animation_kind::video_in, "上下抖动"), "shake");
  EXPECT_EQ(family(animation_kind::video_group, "荡秋千"), "swing");
  EXPECT_EQ(family(animation_kind::text_in, "随机弹跳"), "bounce");
  EXPECT_EQ(family(animation_kind::text_in, "飞入"), "slide");
  EXPECT_EQ(family(animation_kind::text_in, "模糊"), "fade"); // blur is drawn as a fade
  EXPECT_EQ(family(animation_kind::video_in, "翻入"), "rotate");
  EXPECT_EQ(animation_look_for(animation_kind::video_in, "", "向右甩入").dir, direction::right);
}

TEST(AnimationCatalog, UnknownNamesGetKeywordFamiliesThenTheFallback) {
  const animation_look slide = animation_look_for(animation_kind::text_in, "", "超快向下滑动");
  EXPECT_EQ(slide.family, "slide");
  EXPECT_EQ(slide.dir, direction::down);
  EXPECT_EQ(slide.how, fidelity::family);
  EXPECT_EQ(animation_look_for(animation_kind::text_loop, "", "新春闪烁").family, "blink");
  EXPECT_EQ(animation_look_for(animation_kind::video_out, "", "酷炫缩小").family, "zoom");

  const animation_look in = animation_look_for(animation_kind::video_in, "", "完全陌生");
  EXPECT_EQ(in.family, "fade");
  EXPECT_TRUE(in.fades);
  EXPECT_EQ(in.how, fidelity::fallback);
  const animation_look loop = animation_look_for(animation_kind::text_loop, "", "完全陌生");
  EXPECT_EQ(loop.family, "none");
  EXPECT_EQ(loop.how, fidelity::fallback);
  // 弹幕 (bullet comments) scrolls: its 弹 is not a bounce.
  EXPECT_EQ(animation_look_for(animation_kind::text_loop, "", "弹幕").family, "none");
}

// As for transitions: the generator and the C++ rules must agree on every entry they decide.
TEST(AnimationCatalog, TableAgreesWithTheKeywordRules) {
  for (std::size_t i = 0; i < looks::animation_entry_count; ++i) {
    const auto& e = looks::animation_entries[i];
    SCOPED_TRACE(kind_name(e.kind) + " " + e.name);
    const auto by_rules = animation_look_from_keywords(e.kind, e.name);
    if (e.how == fidelity::family) {
      ASSERT_TRUE(by_rules.has_value());
      EXPECT_EQ(*by_rules, look_of(e));
    } else if (e.how == fidelity::fallback) {
      EXPECT_FALSE(by_rules.has_value()) << by_rules->family;
      EXPECT_EQ(look_of(e), animation_look_for(e.kind, "", "\x01 no such name"));
    }
  }
}

TEST(AnimationCatalog, KindOfADraftAnimation) {
  EXPECT_EQ(animation_kind_of("in", "video"), animation_kind::video_in);
  EXPECT_EQ(animation_kind_of("out", "video"), animation_kind::video_out);
  EXPECT_EQ(animation_kind_of("group", "video"), animation_kind::video_group);
  EXPECT_EQ(animation_kind_of("in", "sticker"), animation_kind::text_in);
  EXPECT_EQ(animation_kind_of("out", "sticker"), animation_kind::text_out);
  EXPECT_EQ(animation_kind_of("loop", "sticker"), animation_kind::text_loop);
  EXPECT_FALSE(animation_kind_of("sideways", "video").has_value());
  EXPECT_FALSE(animation_kind_of("in", "audio").has_value());
}

// ---- every entry at its ends -----------------------------------------------------------------

void expect_identity(const animation_state& s, const std::string& where) {
  SCOPED_TRACE(where);
  EXPECT_NEAR(s.alpha, 1.0, 1e-9);
  EXPECT_NEAR(s.dx, 0.0, 1e-9);
  EXPECT_NEAR(s.dy, 0.0, 1e-9);
  EXPECT_NEAR(s.scale, 1.0, 1e-9);
  EXPECT_NEAR(s.rotation, 0.0, 1e-9);
  EXPECT_NEAR(s.reveal, 1.0, 1e-9);
}

TEST(AnimationCatalog, InsEndAtTheStaticPlacementAndOutsLeaveIt) {
  for (std::size_t i = 0; i < looks::animation_entry_count; ++i) {
    const auto& e = looks::animation_entries[i];
    if (is_loop(e.kind))
      continue;
    const animation_look look = look_of(e);
    const std::string what = kind_name(e.kind) + " " + e.name;
    if (is_in(e.kind)) {
      expect_identity(animation_state_at(look, e.kind, 1.0), what + " at p=1");
    } else {
      expect_identity(animation_state_at(look, e.kind, 0.0), what + " at p=0");
      // Gone at its end: faded out, wiped away, or moved a whole canvas (off screen for a
      // full-frame picture).
      const animation_state end = animation_state_at(look, e.kind, 1.0);
      const bool gone =
          end.alpha < 1e-9 || end.reveal < 1e-9 || std::hypot(end.dx, end.dy) > 2.0 - 1e-9;
      EXPECT_TRUE(gone) << what << ": alpha " << end.alpha << " reveal " << end.reveal << " at ("
                        << end.dx << ", " << end.dy << ")";
    }
  }
}

TEST(AnimationCatalog, EveryLoopStartsAtTheStaticPlacementAndRepeats) {
  for (std::size_t i = 0; i < looks::animation_entry_count; ++i) {
    const auto& e = looks::animation_entries[i];
    if (!is_loop(e.kind))
      continue;
    const animation_look look = look_of(e);
    const std::string what = kind_name(e.kind) + " " + e.name;
    const animation_state start = animation_state_at(look, e.kind, 0.0);
    const animation_state end = animation_state_at(look, e.kind, 1.0);
    expect_identity(start, what + " at p=0");
    SCOPED_TRACE(what);
    EXPECT_NEAR(end.alpha, start.alpha, 1e-9);
    EXPECT_NEAR(end.dx, start.dx, 1e-9);
    EXPECT_NEAR(end.dy, start.dy, 1e-9);
    EXPECT_NEAR(end.scale, start.scale, 1e-9);
    EXPECT_NEAR(end.reveal, start.reveal, 1e-9);
    // A rotate loop has turned by whole turns: the same picture.
    const double turns = (end.rotation - start.rotation) / 360.0;
    EXPECT_NEAR(turns, std::round(turns), 1e-9);
    if (look.family != "rotate") {
      EXPECT_NEAR(end.rotation, start.rotation, 1e-9);
    }
  }
}

} // namespace
} // namespace cutqueue::render
