// Expansion of the family chains: every placeholder is filled, parameters come from the draft,
// else the family, clamped to the family's range, audio parameters are read under Jianying's
// other names, and unknown families give no chain.
#include "render/look_chains.hpp"
#include "render/look_template.hpp"
#include "render/resource_look_tables.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>
#include <stdexcept>

namespace cutqueue::render {
namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

TEST(LookChains, FamilyNamesAreUniqueAcrossMedia) {
  std::set<std::string> seen;
  for (const auto& f : video_look_families())
    EXPECT_TRUE(seen.insert(f).second) << f;
  for (const auto& f : audio_look_families())
    EXPECT_TRUE(seen.insert(f).second) << f;
  EXPECT_GE(video_look_families().size(), 40u);
  EXPECT_GE(audio_look_families().size(), 20u);
}

TEST(LookChains, EveryFamilyExpandsCompletelyAndSaysHowClose) {
  const std::regex closeness("^(exact|close|approximate): .+");
  for (const auto& f : video_look_families()) {
    SCOPED_TRACE(f);
    const std::string chain = video_look_chain(f, {}, 1920, 1080, 12.5, 14.0);
    EXPECT_EQ(chain.find_first_of("{}"), std::string::npos) << chain;
    EXPECT_TRUE(ends_with(chain, ",format=yuv420p")) << chain;
    EXPECT_TRUE(std::regex_search(look_family_closeness(f), closeness));
  }
  for (const auto& f : audio_look_families()) {
    SCOPED_TRACE(f);
    const audio_look look = audio_look_chain(f, {});
    EXPECT_EQ(look.filters.find_first_of("{}"), std::string::npos) << look.filters;
    EXPECT_TRUE(ends_with(look.filters,
                          ",aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo"));
    EXPECT_GE(look.tail_s, 0.0);
    EXPECT_LE(look.tail_s, 2.0);
    EXPECT_TRUE(std::regex_search(look_family_closeness(f), closeness));
  }
}

TEST(LookChains, EveryFamilyParameterRowParses) {
  for (auto table : {std::make_pair(looks::video_families, looks::video_family_count),
                     std::make_pair(looks::audio_families, looks::audio_family_count)})
    for (std::size_t i = 0; i < table.second; ++i) {
      const std::string params = table.first[i].params;
      const std::size_t items =
          params.empty() ? 0 : 1 + std::count(params.begin(), params.end(), ';');
      EXPECT_EQ(look_family_defaults(table.first[i].name).size(), items) << table.first[i].name;
    }
}

TEST(LookChains, ParametersComeFromTheDraftElseTheFamilyAndAreClamped) {
  EXPECT_EQ(video_look_chain("blur", {}, 320, 240, 0, 1), "gblur=sigma=4,format=yuv420p");
  EXPECT_EQ(video_look_chain("blur", {{"effects_adjust_blur", 1.0}}, 320, 240, 0, 1),
            "gblur=sigma=8,format=yuv420p");
  EXPECT_EQ(video_look_chain("blur", {{"effects_adjust_blur", 7.0}}, 320, 240, 0, 1),
            "gblur=sigma=8,format=yuv420p"); // clamped to 1
  EXPECT_EQ(video_look_chain("blur", {{"effects_adjust_blur", -1.0}}, 320, 240, 0, 1),
            "gblur=sigma=0.5,format=yuv420p"); // clamped to 0, then the chain's floor
  EXPECT_EQ(video_look_chain("blur", {{"effects_adjust_blur", std::nan("")}}, 320, 240, 0, 1),
            "gblur=sigma=4,format=yuv420p"); // not a number: the default
  // Parameters the family does not use change nothing.
  EXPECT_EQ(video_look_chain("blur", {{"effects_adjust_speed", 0.9}}, 320, 240, 0, 1),
            video_look_chain("blur", {}, 320, 240, 0, 1));
  EXPECT_EQ(look_family_defaults("blur"),
            (std::map<std::string, double>{{"effects_adjust_blur", 0.5}}));
}

TEST(LookChains, WindowAndCanvasReachTheChain) {
  EXPECT_EQ(video_look_chain("fade_in", {}, 640, 360, 12.5, 14),
            "fade=t=in:st=12.5:d=1.5,format=yuv420p");
  EXPECT_EQ(video_look_chain("fade_out", {}, 640, 360, 3, 3),
            "fade=t=out:st=3:d=0.04,format=yuv420p");
  const std::string shake = video_look_chain("shake", {}, 640, 360, 2, 3);
  EXPECT_NE(shake.find("scale=704:396,crop=640:360"), std::string::npos) << shake;
  EXPECT_NE(shake.find("(t-2)"), std::string::npos) << shake;
}

TEST(LookChains, BadCanvasOrWindowThrowsAndUnknownFamiliesHaveNoChain) {
  EXPECT_THROW(video_look_chain("blur", {}, 0, 240, 0, 1), std::invalid_argument);
  EXPECT_THROW(video_look_chain("blur", {}, 320, 240, 2, 1), std::invalid_argument);
  EXPECT_EQ(video_look_chain("", {}, 320, 240, 0, 1), "");
  EXPECT_EQ(video_look_chain("echo", {}, 320, 240, 0, 1), ""); // an audio family
  EXPECT_EQ(audio_look_chain("blur", {}).filters, "");
  EXPECT_EQ(audio_look_chain("no such family", {}).tail_s, 0.0);
  EXPECT_EQ(look_family_closeness("no such family"), "");
  EXPECT_EQ(look_family_template("no such family"), "");
}

TEST(LookChains, AudioParametersAreReadUnderJianyingsOtherNames) {
  const auto plain = audio_look_chain("bass_boost", {}).filters;
  EXPECT_NE(plain.find("bass=g=10:"), std::string::npos) << plain;
  for (const char* alias : {"强弱", "强度", "strength", "change_voice_param_strength"}) {
    const auto f = audio_look_chain("bass_boost", {{alias, 0.5}}).filters;
    EXPECT_NE(f.find("bass=g=5:"), std::string::npos) << alias << ": " << f;
  }
  // The canonical name wins over an alias given alongside it.
  const auto both =
      audio_look_chain("bass_boost", {{"强弱", 0.5}, {"change_voice_param_strength", 0.2}}).filters;
  EXPECT_NE(both.find("bass=g=2:"), std::string::npos) << both;
  // 水下 names its depth 深度.
  EXPECT_NE(audio_look_chain("muffled", {{"深度", 1.0}}).filters.find("lowpass=f=400"),
            std::string::npos);
}

TEST(LookChains, EchoUsesTheFixturesQuantityAndStrengthAndHasATail) {
  const audio_look echo = audio_look_chain(
      "echo", {{"change_voice_param_quantity", 0.8}, {"change_voice_param_strength", 0.762}});
  EXPECT_NE(echo.filters.find("aecho=1:0.9:180|360|540|720:0.4572|0.36576|0.292608|0.234086"),
            std::string::npos)
      << echo.filters;
  EXPECT_GE(echo.tail_s, 0.72); // the last repeat
  EXPECT_EQ(audio_look_chain("telephone", {}).tail_s, 0.0);
}

} // namespace
} // namespace cutqueue::render
