#include "render/resource_looks.hpp"

#include "render/look_chains.hpp"
#include "render/resource_look_tables.hpp"

#include <array>
#include <cstdlib>
#include <string_view>
#include <unordered_map>

namespace cutqueue::render {
namespace {

constexpr std::size_t kind_count = 5;

std::size_t slot(resource_kind kind) {
  return static_cast<std::size_t>(kind);
}

/// Each kind's catalogue table indexed by resource id and by name (names repeat across kinds:
/// 幻影 is a scene and a character effect). Keys view the table's literals; built once,
/// thread-safely.
struct resource_index {
  std::array<std::unordered_map<std::string_view, const looks::resource_entry*>, kind_count> by_id,
      by_name;

  resource_index() {
    for (std::size_t i = 0; i < looks::resource_entry_count; ++i) {
      const auto& e = looks::resource_entries[i];
      by_id[slot(e.kind)].emplace(e.resource_id, &e);
      by_name[slot(e.kind)].emplace(e.name, &e);
    }
  }
};

const resource_index& index() {
  static const resource_index built;
  return built;
}

/// "name:default;name:default" as the entry table stores it.
std::map<std::string, double> parse_params(std::string_view text) {
  std::map<std::string, double> out;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find(';'), text.size());
    const std::string_view item = text.substr(0, end);
    const std::size_t colon = item.find(':');
    if (colon != std::string_view::npos)
      out[std::string(item.substr(0, colon))] =
          std::strtod(std::string(item.substr(colon + 1)).c_str(), nullptr);
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return out;
}

resource_look look_of(const looks::resource_entry& e) {
  return {e.family, e.how, parse_params(e.params)};
}

} // namespace

const char* resource_kind_name(resource_kind kind) {
  switch (kind) {
  case resource_kind::filter:
    return "filter";
  case resource_kind::scene_effect:
    return "scene_effect";
  case resource_kind::character_effect:
    return "character_effect";
  case resource_kind::audio_effect:
    return "audio_effect";
  case resource_kind::tone:
    break;
  }
  return "tone";
}

std::optional<resource_look> resource_look_from_keywords(resource_kind kind,
                                                         const std::string& name) {
  const unsigned bit = looks::kind_bit(kind);
  for (std::size_t i = 0; i < looks::resource_rule_count; ++i) {
    const auto& rule = looks::resource_rules[i];
    if (!(rule.kinds & bit) || name.find(rule.keyword) == std::string::npos)
      continue;
    resource_look look;
    look.family = rule.family;
    look.how = look.family.empty() ? fidelity::fallback : fidelity::family;
    return look;
  }
  return std::nullopt;
}

resource_look resource_look_for(resource_kind kind, const std::string& resource_id,
                                const std::string& name) {
  const auto& idx = index();
  // The resource id first: names repeat across kinds and drafts may carry edited names; the id
  // is Jianying's.
  if (!resource_id.empty()) {
    const auto& ids = idx.by_id[slot(kind)];
    if (auto it = ids.find(resource_id); it != ids.end())
      return look_of(*it->second);
  }
  const auto& names = idx.by_name[slot(kind)];
  if (auto it = names.find(name); it != names.end())
    return look_of(*it->second);
  if (auto found = resource_look_from_keywords(kind, name))
    return *found;
  return {};
}

std::map<std::string, double> look_params(const resource_look& look,
                                          const std::map<std::string, double>& draft_params) {
  std::map<std::string, double> merged = look.params;
  for (const auto& [name, value] : draft_params)
    merged[name] = value;
  return merged;
}

std::string look_detail(const resource_look& look) {
  std::string out = "look " + look.family + ": " + look_family_closeness(look.family);
  if (look.how == fidelity::family)
    out += "; family chosen by a keyword of the name";
  return out;
}

} // namespace cutqueue::render
