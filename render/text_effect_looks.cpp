#include "render/text_effect_looks.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

namespace cutqueue::render {
namespace {

struct known_effect {
  const char* resource_id;
  const char* name;
};

// From capcut-mate's source: the id its drafts carry for 白字橘色发光花字, and the fallback
// table of src/service/get_text_effects.py.
constexpr known_effect known_effects[] = {
    {"7371372494336396570", "白字橘色发光花字"}, {"7296357486490144036", "白字橘色发光花字"},
    {"7296357486490144037", "黄字白色发光花字"}, {"7296357486490144038", "粉字白色发光花字"},
    {"7296357486490144039", "绿字白色发光花字"}, {"7296357486490144040", "蓝字白色发光花字"},
    {"7296357486490144041", "紫字白色发光花字"},
};

struct colour_word {
  std::string_view word;
  draft::rgba colour;
};

// Saturated, bright renderings of the colour words, as 花字 use them (orange reads as orange
// against red: R high, G mid, B low).
const colour_word colour_words[] = {
    {"白", {1.0, 1.0, 1.0, 1.0}},    {"黑", {0.0, 0.0, 0.0, 1.0}},
    {"红", {0.9, 0.1, 0.1, 1.0}},    {"橙", {1.0, 0.55, 0.1, 1.0}},
    {"橘", {1.0, 0.55, 0.1, 1.0}},   {"黄", {1.0, 0.85, 0.1, 1.0}},
    {"绿", {0.2, 0.8, 0.25, 1.0}},   {"青", {0.0, 0.78, 0.78, 1.0}},
    {"蓝", {0.15, 0.45, 1.0, 1.0}},  {"紫", {0.6, 0.3, 1.0, 1.0}},
    {"粉", {1.0, 0.5, 0.72, 1.0}},   {"金", {0.95, 0.76, 0.3, 1.0}},
    {"银", {0.75, 0.75, 0.78, 1.0}}, {"棕", {0.55, 0.35, 0.17, 1.0}},
};

enum class role { none, fill, glow, outline };

bool starts(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

/// What the words after a colour word make of it (色 may sit between).
role role_after(std::string_view rest) {
  if (starts(rest, "色"))
    rest.remove_prefix(std::string_view("色").size());
  if (starts(rest, "字"))
    return role::fill;
  if (starts(rest, "发光") || starts(rest, "光") || starts(rest, "辉光"))
    return role::glow;
  if (starts(rest, "描边") || starts(rest, "边"))
    return role::outline;
  return role::none;
}

} // namespace

std::string text_effect_name(const std::string& resource_id) {
  for (const auto& k : known_effects)
    if (resource_id == k.resource_id)
      return k.name;
  return {};
}

text_effect_style text_effect_style_from_name(const std::string& name) {
  struct hit {
    std::size_t pos;
    const colour_word* colour;
  };
  std::vector<hit> hits;
  for (const auto& c : colour_words)
    for (std::size_t p = name.find(c.word); p != std::string::npos;
         p = name.find(c.word, p + c.word.size()))
      hits.push_back({p, &c});
  std::sort(hits.begin(), hits.end(), [](const hit& a, const hit& b) { return a.pos < b.pos; });

  text_effect_style style;
  // The first colour given each role wins: 白字橘色发光 is a white fill, not an orange one.
  auto first = [](bool& has, draft::rgba& slot, const draft::rgba& colour) {
    if (!has) {
      has = true;
      slot = colour;
    }
  };
  for (const auto& h : hits) {
    const std::string_view rest = std::string_view(name).substr(h.pos + h.colour->word.size());
    switch (role_after(rest)) {
    case role::fill:
      first(style.has_fill, style.fill, h.colour->colour);
      break;
    case role::glow:
      first(style.has_glow, style.glow, h.colour->colour);
      break;
    case role::outline:
      first(style.has_outline, style.outline, h.colour->colour);
      break;
    case role::none:
      break;
    }
  }
  if (style.has_fill || style.has_glow || style.has_outline) {
    style.name = name;
    style.how = fidelity::family;
  }
  return style;
}

text_effect_style text_effect_look(const std::string& resource_id, const std::string& name) {
  const std::string known = text_effect_name(resource_id);
  text_effect_style style = text_effect_style_from_name(known.empty() ? name : known);
  if (style.how == fidelity::family)
    return style;
  text_effect_style fallback;
  fallback.has_fill = true;
  fallback.fill = {1.0, 1.0, 1.0, 1.0};
  fallback.has_glow = true;
  fallback.glow = {0.0, 0.0, 0.0, 0.6};
  return fallback;
}

std::string apply_text_effect(draft::text_style& style, const text_effect_style& fx) {
  std::string how;
  auto say = [&](const std::string& part) { how += (how.empty() ? "" : ", ") + part; };
  if (fx.has_fill) {
    const double a = style.fill.a;
    style.fill = fx.fill;
    style.fill.a = fx.fill.a * a;
    say("fill");
  }
  if (fx.has_outline) {
    style.has_stroke = true;
    style.stroke = fx.outline;
    style.stroke_width = std::max(style.stroke_width, 0.08);
    say("outline");
  }
  if (fx.has_glow) {
    if (!fx.has_outline) {
      style.has_stroke = true;
      style.stroke = fx.glow;
      style.stroke_width = std::max(style.stroke_width, 0.06);
    }
    style.has_shadow = true;
    style.shadow = fx.glow;
    style.shadow_distance = 0;
    style.shadow_diffuse = 0.05;
    say("glow as a ring and a halo");
  }
  return (fx.name.empty() ? std::string("no colours in its name") : fx.name) + ": " +
         (how.empty() ? "nothing" : how) + " (" + fidelity_name(fx.how) + ")";
}

} // namespace cutqueue::render
