#include "render/transition_catalog.hpp"

#include "render/look_direction.hpp"
#include "render/look_tables.hpp"

#include <string_view>
#include <unordered_map>

namespace cutqueue::render {
namespace {

/// The catalogue table indexed by resource id and by name. The keys view the table's string
/// literals, so the index holds no copies; built once, on first use, thread-safely.
struct transition_index {
  std::unordered_map<std::string_view, const looks::transition_entry*> by_id, by_name;

  transition_index() {
    for (std::size_t i = 0; i < looks::transition_entry_count; ++i) {
      const auto& e = looks::transition_entries[i];
      by_id.emplace(e.resource_id, &e);
      by_name.emplace(e.name, &e);
    }
  }
};

const transition_index& index() {
  static const transition_index built;
  return built;
}

bool is_custom(std::string_view target) {
  return target == custom_spin_cw || target == custom_spin_ccw || target == custom_zoom_out;
}

/// An xfade stem completed by a direction: "wipe" + left = "wipeleft". Only the wipes have
/// corner variants (wipetl...); the other stems take a corner's horizontal side.
std::string with_direction(const std::string& stem, direction d) {
  const bool corners = stem == "wipe";
  switch (d) {
  case direction::left:
    return stem + "left";
  case direction::right:
    return stem + "right";
  case direction::up:
    return stem + "up";
  case direction::down:
    return stem + "down";
  case direction::up_left:
    return stem + (corners ? "tl" : "left");
  case direction::up_right:
    return stem + (corners ? "tr" : "right");
  case direction::down_left:
    return stem + (corners ? "bl" : "left");
  case direction::down_right:
    return stem + (corners ? "br" : "right");
  case direction::none:
    break;
  }
  return stem;
}

transition_look look_of(const looks::transition_entry& e) {
  return {e.xfade, e.custom, e.family, e.how};
}

} // namespace

std::optional<transition_look> transition_look_from_keywords(const std::string& name) {
  for (std::size_t i = 0; i < looks::transition_rule_count; ++i) {
    const auto& rule = looks::transition_rules[i];
    if (name.find(rule.keyword) == std::string::npos)
      continue;
    std::string target = rule.target;
    if (rule.directional) {
      const direction d = direction_in_name(name);
      target = with_direction(target, d == direction::none ? rule.default_dir : d);
    }
    transition_look look;
    (is_custom(target) ? look.custom : look.xfade) = target;
    look.family = rule.family;
    look.how = fidelity::family;
    return look;
  }
  return std::nullopt;
}

transition_look transition_look_for(const std::string& resource_id, const std::string& name) {
  const auto& idx = index();
  // The resource id first: a name may be reused with another look (and drafts may carry
  // localised or edited names), the id is Jianying's.
  if (!resource_id.empty()) {
    if (auto it = idx.by_id.find(resource_id); it != idx.by_id.end())
      return look_of(*it->second);
  }
  if (auto it = idx.by_name.find(name); it != idx.by_name.end())
    return look_of(*it->second);
  if (auto found = transition_look_from_keywords(name))
    return *found;
  return {"fade", "", "dissolve", fidelity::fallback};
}

} // namespace cutqueue::render
