// The transition look table: every catalogue entry renders with a real FFmpeg 5.1 xfade kind or
// one of the three custom kinds, the common names have their standard looks, resource ids win
// over names, and names outside the catalogue still get a family. The counts and the xfade list
// are written out here: the build must not read /work/shared.
#include "render/look_direction.hpp"
#include "render/look_tables.hpp"
#include "render/transition_catalog.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace cutqueue::render {
namespace {

constexpr std::size_t catalogue_transitions = 453; // transitions.tsv

// `ffmpeg -h filter=xfade` of FFmpeg 5.1 (Debian 12), without "custom".
const std::set<std::string> xfade_51 = {
    "fade",     "wipeleft",   "wiperight",   "wipeup",    "wipedown",   "slideleft",  "slideright",
    "slideup",  "slidedown",  "circlecrop",  "rectcrop",  "distance",   "fadeblack",  "fadewhite",
    "radial",   "smoothleft", "smoothright", "smoothup",  "smoothdown", "circleopen", "circleclose",
    "vertopen", "vertclose",  "horzopen",    "horzclose", "dissolve",   "pixelize",   "diagtl",
    "diagtr",   "diagbl",     "diagbr",      "hlslice",   "hrslice",    "vuslice",    "vdslice",
    "hblur",    "fadegrays",  "wipetl",      "wipetr",    "wipebl",     "wipebr",     "squeezeh",
    "squeezev", "zoomin",     "fadefast",    "fadeslow"};
const std::set<std::string> custom_kinds = {"spin_cw", "spin_ccw", "zoom_out"};

// The transitions of the fixture draft (fixtures/transitions): resource ids as capcut-mate
// writes them.
const std::string dissolve_id = "6724845717472416269";    // 叠化
const std::string flash_black_id = "6724239388189921806"; // 闪黑

transition_look by_name(const std::string& name) {
  return transition_look_for("", name);
}

void expect_look(const transition_look& got, const std::string& xfade, const std::string& custom,
                 const std::string& family, fidelity how) {
  EXPECT_EQ(got.xfade, xfade);
  EXPECT_EQ(got.custom, custom);
  EXPECT_EQ(got.family, family);
  EXPECT_EQ(fidelity_name(got.how), std::string(fidelity_name(how)));
}

TEST(TransitionCatalog, HoldsEveryCatalogueEntryOnce) {
  ASSERT_EQ(looks::transition_entry_count, catalogue_transitions);
  std::set<std::string> ids, names;
  for (std::size_t i = 0; i < looks::transition_entry_count; ++i) {
    const auto& e = looks::transition_entries[i];
    EXPECT_TRUE(ids.insert(e.resource_id).second) << e.resource_id;
    EXPECT_TRUE(names.insert(e.name).second) << e.name;
    EXPECT_FALSE(std::string(e.resource_id).empty());
  }
}

TEST(TransitionCatalog, EveryEntryIsAnXfadeOf51OrACustomKind) {
  for (std::size_t i = 0; i < looks::transition_entry_count; ++i) {
    const auto& e = looks::transition_entries[i];
    const transition_look look = transition_look_for(e.resource_id, e.name);
    SCOPED_TRACE(e.name);
    // Exactly one of the two is set, and it is a kind FFmpeg 5.1 or the graph builder draws.
    EXPECT_NE(look.xfade.empty(), look.custom.empty());
    if (!look.xfade.empty())
      EXPECT_TRUE(xfade_51.count(look.xfade)) << look.xfade;
    else
      EXPECT_TRUE(custom_kinds.count(look.custom)) << look.custom;
    EXPECT_FALSE(look.family.empty());
  }
}

TEST(TransitionCatalog, CommonNamesHaveTheirStandardLooks) {
  expect_look(by_name("叠化"), "fade", "", "dissolve", fidelity::exact);
  expect_look(by_name("闪黑"), "fadeblack", "", "flash", fidelity::exact);
  expect_look(by_name("闪白"), "fadewhite", "", "flash", fidelity::exact);
  // Jianying and xfade both name the direction the picture moves.
  expect_look(by_name("向左擦除"), "wipeleft", "", "wipe", fidelity::exact);
  expect_look(by_name("向上擦除"), "wipeup", "", "wipe", fidelity::exact);
  expect_look(by_name("向左"), "slideleft", "", "push", fidelity::exact);
  expect_look(by_name("向下"), "slidedown", "", "push", fidelity::exact);
  expect_look(by_name("右移"), "slideright", "", "slide", fidelity::exact);
  expect_look(by_name("圆形遮罩"), "circleopen", "", "circle", fidelity::exact);
  expect_look(by_name("推近"), "zoomin", "", "zoom", fidelity::exact);
  expect_look(by_name("拉远"), "", "zoom_out", "zoom", fidelity::exact);
  expect_look(by_name("顺时针旋转"), "", "spin_cw", "spin", fidelity::exact);
  expect_look(by_name("逆时针旋转"), "", "spin_ccw", "spin", fidelity::exact);
  expect_look(by_name("马赛克"), "pixelize", "", "pixelize", fidelity::exact);
}

TEST(TransitionCatalog, FixtureResourceIdsFindTheirLooks) {
  expect_look(transition_look_for(dissolve_id, "叠化"), "fade", "", "dissolve", fidelity::exact);
  expect_look(transition_look_for(flash_black_id, "闪黑"), "fadeblack", "", "flash",
              fidelity::exact);
}

TEST(TransitionCatalog, ResourceIdWinsOverAConflictingName) {
  expect_look(transition_look_for(dissolve_id, "闪黑"), "fade", "", "dissolve", fidelity::exact);
  expect_look(transition_look_for(flash_black_id, "顺时针旋转"), "fadeblack", "", "flash",
              fidelity::exact);
  // An id the catalogue does not know falls back to the name.
  expect_look(transition_look_for("999", "闪白"), "fadewhite", "", "flash", fidelity::exact);
}

TEST(TransitionCatalog, CatalogueNamesWithoutAnExactLookGetTheirFamily) {
  expect_look(by_name("画笔擦除"), "wiperight", "", "wipe", fidelity::family);
  expect_look(by_name("顺时针旋转 II"), "", "spin_cw", "spin", fidelity::family);
  expect_look(by_name("逆时针旋转 II"), "", "spin_ccw", "spin", fidelity::family);
  expect_look(by_name("模糊"), "hblur", "", "blur", fidelity::family);
  expect_look(by_name("相机缩小"), "", "zoom_out", "zoom", fidelity::family);
  expect_look(by_name("向右上"), "wipetr", "", "wipe", fidelity::family);
  expect_look(by_name("百叶窗"), "vdslice", "", "slice", fidelity::family);
}

TEST(TransitionCatalog, UnknownNamesGetKeywordFamiliesThenTheFallback) {
  expect_look(by_name("超级向下擦除"), "wipedown", "", "wipe", fidelity::family);
  expect_look(by_name("左下角擦除"), "wipebl", "", "wipe", fidelity::family); // corner wipe
  expect_look(by_name("梦幻旋转"), "", "spin_cw", "spin", fidelity::family);
  expect_look(by_name("新版叠化"), "fade", "", "dissolve", fidelity::family);
  expect_look(by_name("电影闪黑"), "fadeblack", "", "flash", fidelity::family);
  expect_look(by_name("向右滑动 III"), "slideright", "", "slide", fidelity::family);
  expect_look(by_name("卡通放大"), "zoomin", "", "zoom", fidelity::family);
  expect_look(by_name("完全陌生"), "fade", "", "dissolve", fidelity::fallback);
  expect_look(by_name(""), "fade", "", "dissolve", fidelity::fallback);
  expect_look(transition_look_for("", "Dissolve"), "fade", "", "dissolve", fidelity::fallback);
}

// The generator and the C++ rules implement the same matching: every `family` entry of the
// table is what the rules give its name, and no rule matches a `fallback` entry.
TEST(TransitionCatalog, TableAgreesWithTheKeywordRules) {
  for (std::size_t i = 0; i < looks::transition_entry_count; ++i) {
    const auto& e = looks::transition_entries[i];
    SCOPED_TRACE(e.name);
    const auto by_rules = transition_look_from_keywords(e.name);
    if (e.how == fidelity::family) {
      ASSERT_TRUE(by_rules.has_value());
      EXPECT_EQ(*by_rules, transition_look_for(e.resource_id, e.name));
    } else if (e.how == fidelity::fallback) {
      EXPECT_FALSE(by_rules.has_value()) << by_rules->xfade << by_rules->custom;
      EXPECT_EQ(transition_look_for(e.resource_id, e.name),
                transition_look_for("", "\x01 no such name"));
    }
  }
}

TEST(TransitionCatalog, EveryCustomKindIsUsed) {
  std::set<std::string> used;
  for (std::size_t i = 0; i < looks::transition_entry_count; ++i)
    if (*looks::transition_entries[i].custom)
      used.insert(looks::transition_entries[i].custom);
  EXPECT_EQ(used, custom_kinds);
}

TEST(LookDirection, ReadsTheDirectionOfAName) {
  EXPECT_EQ(direction_in_name("向左"), direction::left);
  EXPECT_EQ(direction_in_name("右移"), direction::right);
  EXPECT_EQ(direction_in_name("向上滑动"), direction::up);
  EXPECT_EQ(direction_in_name("下降"), direction::down);
  EXPECT_EQ(direction_in_name("向右下降"), direction::down_right); // the corner beats its sides
  EXPECT_EQ(direction_in_name("上下抖动"), direction::up);         // an axis
  EXPECT_EQ(direction_in_name("叠化"), direction::none);
  EXPECT_DOUBLE_EQ(vector_of(direction::up).y, 1.0); // +y is up, as in clip.transform
  EXPECT_DOUBLE_EQ(vector_of(direction::left).x, -1.0);
}

} // namespace
} // namespace cutqueue::render
