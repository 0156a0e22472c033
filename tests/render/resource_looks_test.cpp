// The resource look tables: every catalogue entry of the five kinds is there once, looks are
// families of the right medium, resource ids win over names, keyword rules give names outside
// the catalogue a family, and what we cannot draw (overlays, frames, split screens, faces) has
// no look. The counts are written out here: the build must not read /work/shared.
#include "render/look_chains.hpp"
#include "render/resource_look_tables.hpp"
#include "render/resource_looks.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace cutqueue::render {
namespace {

// Entries per catalogue TSV (jianying-catalogue/README.md).
const std::map<resource_kind, std::size_t> catalogue_counts = {
    {resource_kind::filter, 1052},
    {resource_kind::scene_effect, 1097},
    {resource_kind::character_effect, 240},
    {resource_kind::audio_effect, 85},
    {resource_kind::tone, 57},
};

// Resource ids as capcut-mate writes them in the fixture drafts (effects_filters, audio_mix).
const std::string cold_blue_id = "7127618237117877518"; // filter 冷蓝
const std::string hd_bw_id = "7429744855724641545";     // filter 高清黑白
const std::string to_bw_id = "6730911849706951179";     // scene effect 变黑白
const std::string blur_id = "6739752823140913675";      // scene effect 模糊
const std::string echo_id = "7018011608408396325";      // audio effect 回音

bool is_video(resource_kind k) {
  return k == resource_kind::filter || k == resource_kind::scene_effect ||
         k == resource_kind::character_effect;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

void expect_look(const resource_look& got, const std::string& family, fidelity how) {
  EXPECT_EQ(got.family, family);
  EXPECT_STREQ(fidelity_name(got.how), fidelity_name(how));
}

TEST(ResourceLooks, HoldsEveryCatalogueEntryOnce) {
  std::map<resource_kind, std::size_t> counts;
  std::map<resource_kind, std::set<std::string>> ids, names;
  for (std::size_t i = 0; i < looks::resource_entry_count; ++i) {
    const auto& e = looks::resource_entries[i];
    ++counts[e.kind];
    EXPECT_FALSE(std::string(e.resource_id).empty()) << e.name;
    EXPECT_TRUE(ids[e.kind].insert(e.resource_id).second) << e.resource_id;
    EXPECT_TRUE(names[e.kind].insert(e.name).second) << e.name;
  }
  EXPECT_EQ(counts, catalogue_counts);
}

TEST(ResourceLooks, EveryLookIsAFamilyOfItsMedium) {
  const auto video = video_look_families();
  const auto audio = audio_look_families();
  for (std::size_t i = 0; i < looks::resource_entry_count; ++i) {
    const auto& e = looks::resource_entries[i];
    SCOPED_TRACE(std::string(resource_kind_name(e.kind)) + " " + e.name);
    const std::string family = e.family;
    if (e.how == fidelity::fallback) {
      EXPECT_TRUE(family.empty());
      continue;
    }
    EXPECT_TRUE(contains(is_video(e.kind) ? video : audio, family)) << family;
  }
  for (std::size_t i = 0; i < looks::resource_rule_count; ++i) {
    const auto& r = looks::resource_rules[i];
    SCOPED_TRACE(r.keyword);
    EXPECT_NE(r.kinds, 0u);
    if (!*r.family)
      continue;
    const bool video_rule = (r.kinds & (looks::kind_bit(resource_kind::audio_effect) |
                                        looks::kind_bit(resource_kind::tone))) == 0;
    EXPECT_TRUE(contains(video_rule ? video : audio, r.family)) << r.family;
  }
}

// Most of each kind that can be drawn is; a rule change that loses a whole kind shows here.
TEST(ResourceLooks, EveryKindHasLooksAndEveryFamilyIsReachable) {
  std::map<resource_kind, int> with_look;
  std::set<std::string> used;
  for (std::size_t i = 0; i < looks::resource_entry_count; ++i) {
    const auto& e = looks::resource_entries[i];
    if (*e.family) {
      ++with_look[e.kind];
      used.insert(e.family);
    }
  }
  for (std::size_t i = 0; i < looks::resource_rule_count; ++i)
    if (*looks::resource_rules[i].family)
      used.insert(looks::resource_rules[i].family);
  for (const auto& [kind, n] : catalogue_counts)
    EXPECT_GT(with_look[kind], 0) << resource_kind_name(kind);
  // Filters are colour grades: most have a colour word; most effects are overlays.
  EXPECT_GT(with_look[resource_kind::filter], 500);
  EXPECT_GT(with_look[resource_kind::scene_effect], 200);
  EXPECT_LT(with_look[resource_kind::character_effect], 24); // drawn on the person: mostly none
  for (const auto& f : video_look_families())
    EXPECT_TRUE(used.count(f)) << f;
  for (const auto& f : audio_look_families())
    EXPECT_TRUE(used.count(f)) << f;
}

// The generator and the C++ rules implement the same matching: every `family` entry is what the
// rules give its name, and no rule gives a look to a no-look entry.
TEST(ResourceLooks, TableAgreesWithTheKeywordRules) {
  for (std::size_t i = 0; i < looks::resource_entry_count; ++i) {
    const auto& e = looks::resource_entries[i];
    SCOPED_TRACE(std::string(resource_kind_name(e.kind)) + " " + e.name);
    const auto by_rules = resource_look_from_keywords(e.kind, e.name);
    if (e.how == fidelity::family) {
      ASSERT_TRUE(by_rules.has_value());
      EXPECT_EQ(by_rules->family, e.family);
    } else if (e.how == fidelity::fallback) {
      EXPECT_TRUE(!by_rules || by_rules->family.empty()) << by_rules->family;
    }
  }
}

TEST(ResourceLooks, FixtureResourcesFindTheirLooksByIdWithTheirParameters) {
  expect_look(resource_look_for(resource_kind::filter, cold_blue_id, "冷蓝"), "cool",
              fidelity::family);
  expect_look(resource_look_for(resource_kind::filter, hd_bw_id, "高清黑白"), "bw_contrast",
              fidelity::family);
  expect_look(resource_look_for(resource_kind::scene_effect, to_bw_id, "变黑白"), "bw",
              fidelity::exact);
  const auto blur = resource_look_for(resource_kind::scene_effect, blur_id, "模糊");
  expect_look(blur, "blur", fidelity::exact);
  EXPECT_EQ(blur.params, (std::map<std::string, double>{{"effects_adjust_blur", 0.5}}));
  const auto echo = resource_look_for(resource_kind::audio_effect, echo_id, "回音");
  expect_look(echo, "echo", fidelity::family);
  EXPECT_EQ(echo.params, (std::map<std::string, double>{{"change_voice_param_quantity", 0.8},
                                                        {"change_voice_param_strength", 0.762}}));
}

TEST(ResourceLooks, ResourceIdWinsOverTheNameWithinItsKind) {
  expect_look(resource_look_for(resource_kind::scene_effect, to_bw_id, "模糊"), "bw",
              fidelity::exact);
  // An id the kind does not know falls back to the name: here a filter id looked up among the
  // scene effects, and an unknown id.
  expect_look(resource_look_for(resource_kind::scene_effect, cold_blue_id, "模糊"), "blur",
              fidelity::exact);
  expect_look(resource_look_for(resource_kind::filter, "999", "冷蓝"), "cool", fidelity::family);
  // Names are per kind: 低保真 is a film look as a filter and lo-fi sound as an audio effect.
  expect_look(resource_look_for(resource_kind::filter, "", "低保真"), "film", fidelity::family);
  expect_look(resource_look_for(resource_kind::audio_effect, "", "低保真"), "lofi",
              fidelity::family);
}

TEST(ResourceLooks, StandardEffectsAreExact) {
  auto scene = [](const std::string& n) {
    return resource_look_for(resource_kind::scene_effect, "", n);
  };
  expect_look(scene("暗角"), "vignette", fidelity::exact);
  expect_look(scene("马赛克"), "pixelate", fidelity::exact);
  expect_look(scene("彩色负片"), "invert", fidelity::exact);
  expect_look(scene("渐显开幕"), "fade_in", fidelity::exact);
  expect_look(scene("渐隐闭幕"), "fade_out", fidelity::exact);
  expect_look(scene("电影感画幅"), "letterbox", fidelity::exact);
  expect_look(resource_look_for(resource_kind::audio_effect, "", "电话"), "telephone",
              fidelity::exact);
}

TEST(ResourceLooks, CatalogueNamesGetTheFamilyTheirWordsSay) {
  auto filter = [](const std::string& n) {
    return resource_look_for(resource_kind::filter, "", n);
  };
  auto scene = [](const std::string& n) {
    return resource_look_for(resource_kind::scene_effect, "", n);
  };
  auto audio = [](const std::string& n) {
    return resource_look_for(resource_kind::audio_effect, "", n);
  };
  auto tone = [](const std::string& n) { return resource_look_for(resource_kind::tone, "", n); };
  expect_look(filter("落日"), "gold", fidelity::family);
  expect_look(filter("褪色"), "faded", fidelity::family);
  expect_look(filter("赛博朋克"), "cyberpunk", fidelity::family);
  expect_look(filter("青橙电影"), "cinematic", fidelity::family);
  expect_look(filter("暖阳冬日"), "warm", fidelity::family);    // the colour word beats the season
  expect_look(filter("去黄"), "cold_bright", fidelity::family); // removes yellow: not warm
  expect_look(scene("故障"), "glitch", fidelity::family);
  expect_look(scene("抖动"), "shake", fidelity::family);
  expect_look(scene("闪白"), "flash", fidelity::family);
  expect_look(scene("心跳"), "zoom_pulse", fidelity::family);
  expect_look(scene("灵魂出窍"), "ghost", fidelity::family);
  expect_look(scene("老电影"), "old_film", fidelity::family);
  expect_look(scene("鱼眼"), "fisheye", fidelity::family);
  expect_look(scene("隔行扫描"), "tv", fidelity::family);
  expect_look(audio("教堂"), "reverb_hall", fidelity::family);
  expect_look(audio("水下"), "muffled", fidelity::family);
  expect_look(audio("扩音器"), "megaphone", fidelity::family);
  expect_look(tone("花栗鼠"), "pitch_up_high", fidelity::family);
  expect_look(tone("大叔"), "pitch_down", fidelity::family);
  expect_look(tone("机器人"), "robot", fidelity::family);
}

TEST(ResourceLooks, OverlaysFramesSplitScreensAndFacesHaveNoLook) {
  auto none = [](resource_kind k, const std::string& n) {
    SCOPED_TRACE(n);
    expect_look(resource_look_for(k, "", n), "", fidelity::fallback);
  };
  for (const char* n :
       {"爱心泡泡", "九屏", "粉色闪粉", "彩虹光", "胶片框", "星星闪烁", "下雨", "烟花", "仙女变身",
        "生日快乐", "爱心跳动", "心跳黑框", "变清晰", "方形开幕"})
    none(resource_kind::scene_effect, n);
  for (const char* n : {"猫耳女孩", "大眼睛", "天使翅膀", "彩色负片", "幻影 I"})
    none(resource_kind::character_effect, n);
  for (const char* n : {"奈良", "克洛伊"}) // filters named after places and people
    none(resource_kind::filter, n);
  for (const char* n : {"Autotune", "森林", "合成器"})
    none(resource_kind::audio_effect, n);
  for (const char* n : {"解说小帅", "如来佛祖", "老婆婆"}) // announcer and character voices
    none(resource_kind::tone, n);
}

TEST(ResourceLooks, NamesOutsideTheCatalogueGetKeywordFamiliesOrNoLook) {
  expect_look(resource_look_for(resource_kind::filter, "", "超级冷蓝"), "cool", fidelity::family);
  expect_look(resource_look_for(resource_kind::scene_effect, "", "新版模糊"), "blur",
              fidelity::family);
  expect_look(resource_look_for(resource_kind::scene_effect, "", "新版爱心模糊"), "",
              fidelity::fallback); // the heart is an overlay: no look, not a blur
  expect_look(resource_look_for(resource_kind::audio_effect, "", "山谷回声"), "echo",
              fidelity::family);
  expect_look(resource_look_for(resource_kind::tone, "", "娃娃音"), "pitch_up", fidelity::family);
  expect_look(resource_look_for(resource_kind::tone, "", "低沉男声"), "pitch_down",
              fidelity::family);
  expect_look(resource_look_for(resource_kind::audio_effect, "", "合唱团"), "chorus",
              fidelity::family);
  expect_look(resource_look_for(resource_kind::scene_effect, "", "完全陌生"), "",
              fidelity::fallback);
  expect_look(resource_look_for(resource_kind::filter, "", ""), "", fidelity::fallback);
  EXPECT_TRUE(resource_look_for(resource_kind::filter, "", "超级冷蓝").params.empty());
  // Audio words are not video words and the other way round.
  expect_look(resource_look_for(resource_kind::filter, "", "回声"), "", fidelity::fallback);
  expect_look(resource_look_for(resource_kind::audio_effect, "", "冷蓝"), "", fidelity::fallback);
}

TEST(ResourceLooks, KeywordRulesTellNoKeywordFromANoLookRule) {
  EXPECT_FALSE(resource_look_from_keywords(resource_kind::scene_effect, "完全陌生"));
  const auto heart = resource_look_from_keywords(resource_kind::scene_effect, "爱心");
  ASSERT_TRUE(heart);
  expect_look(*heart, "", fidelity::fallback);
  const auto blur = resource_look_from_keywords(resource_kind::scene_effect, "模糊");
  ASSERT_TRUE(blur);
  expect_look(*blur, "blur", fidelity::family); // the rule, not the exact entry
}

TEST(ResourceLooks, DraftParametersOverrideTheCatalogueDefaults) {
  const auto blur = resource_look_for(resource_kind::scene_effect, blur_id, "模糊");
  EXPECT_EQ(look_params(blur, {}), blur.params);
  EXPECT_EQ(
      look_params(blur, {{"effects_adjust_blur", 0.9}, {"effects_adjust_speed", 0.2}}),
      (std::map<std::string, double>{{"effects_adjust_blur", 0.9}, {"effects_adjust_speed", 0.2}}));
}

TEST(ResourceLooks, KindNames) {
  EXPECT_STREQ(resource_kind_name(resource_kind::filter), "filter");
  EXPECT_STREQ(resource_kind_name(resource_kind::character_effect), "character_effect");
  EXPECT_STREQ(resource_kind_name(resource_kind::tone), "tone");
}

} // namespace
} // namespace cutqueue::render
