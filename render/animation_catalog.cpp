#include "render/animation_catalog.hpp"

#include "render/look_tables.hpp"

#include <array>
#include <string_view>
#include <unordered_map>

namespace cutqueue::render {
namespace {

constexpr std::size_t kind_count = 6;

std::size_t slot(animation_kind kind) {
  return static_cast<std::size_t>(kind);
}

/// Each kind's catalogue table indexed by resource id and by name (the kinds reuse names:
/// 放大 is an in and an out). Keys view the table's literals; built once, thread-safely.
struct animation_index {
  std::array<std::unordered_map<std::string_view, const looks::animation_entry*>, kind_count> by_id,
      by_name;

  animation_index() {
    for (std::size_t i = 0; i < looks::animation_entry_count; ++i) {
      const auto& e = looks::animation_entries[i];
      by_id[slot(e.kind)].emplace(e.resource_id, &e);
      by_name[slot(e.kind)].emplace(e.name, &e);
    }
  }
};

const animation_index& index() {
  static const animation_index built;
  return built;
}

animation_look look_of(const looks::animation_params& p, fidelity how) {
  animation_look look;
  look.family = p.family;
  look.how = how;
  look.dir = p.dir;
  look.distance = p.distance;
  look.zoom = p.zoom;
  look.angle = p.angle;
  look.fades = p.fades;
  look.cycles = p.cycles;
  look.ease = p.ease;
  return look;
}

} // namespace

std::optional<animation_kind> animation_kind_of(const std::string& type,
                                                const std::string& material_type) {
  const bool text = material_type == "sticker";
  if (!text && material_type != "video")
    return std::nullopt;
  if (type == "in")
    return text ? animation_kind::text_in : animation_kind::video_in;
  if (type == "out")
    return text ? animation_kind::text_out : animation_kind::video_out;
  // capcut-mate writes "loop" for captions and "group" for pictures; accept either for both.
  if (type == "loop" || type == "group")
    return text ? animation_kind::text_loop : animation_kind::video_group;
  return std::nullopt;
}

bool is_loop(animation_kind kind) {
  return kind == animation_kind::video_group || kind == animation_kind::text_loop;
}

std::optional<animation_look> animation_look_from_keywords(animation_kind kind,
                                                           const std::string& name) {
  const unsigned bit = 1u << slot(kind);
  const direction named = direction_in_name(name);
  for (std::size_t i = 0; i < looks::animation_rule_count; ++i) {
    const auto& rule = looks::animation_rules[i];
    if (!(rule.kinds & bit) || name.find(rule.keyword) == std::string::npos)
      continue;
    if (rule.needs_direction && named == direction::none)
      continue;
    // A rule without a family says the keyword misleads here (弹幕 scrolls, it does not bounce).
    if (*rule.look.family == '\0')
      return std::nullopt;
    animation_look look = look_of(rule.look, fidelity::family);
    if (rule.directional && named != direction::none)
      look.dir = named;
    return look;
  }
  return std::nullopt;
}

animation_look animation_look_for(animation_kind kind, const std::string& resource_id,
                                  const std::string& name) {
  const auto& idx = index();
  const auto& by_id = idx.by_id[slot(kind)];
  const auto& by_name = idx.by_name[slot(kind)];
  if (!resource_id.empty()) {
    if (auto it = by_id.find(resource_id); it != by_id.end())
      return look_of(it->second->look, it->second->how);
  }
  if (auto it = by_name.find(name); it != by_name.end())
    return look_of(it->second->look, it->second->how);
  if (auto found = animation_look_from_keywords(kind, name))
    return *found;
  animation_look fallback;
  if (!is_loop(kind)) {
    fallback.family = "fade";
    fallback.fades = true;
  }
  return fallback;
}

} // namespace cutqueue::render
