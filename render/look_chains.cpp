#include "render/look_chains.hpp"

#include "render/look_template.hpp"
#include "render/resource_look_tables.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace cutqueue::render {
namespace {

/// Where every family's chain ends: the canvas format, and the mixer's sample format, rate and
/// layout. Filters that work in RGB (colorchannelmixer, curves, rgbashift) or grey (edgedetect)
/// would otherwise hand the next filter another format.
constexpr const char* video_tail = ",format=yuv420p";
constexpr const char* audio_tail =
    ",aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo";

struct param_range {
  double def, lo, hi;
};

/// "name:default:min:max;..." as the family table stores it.
std::map<std::string, param_range> parse_ranges(std::string_view text) {
  std::map<std::string, param_range> out;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find(';'), text.size());
    std::string item(text.substr(0, end));
    text.remove_prefix(std::min(end + 1, text.size()));
    const std::size_t c1 = item.find(':');
    const std::size_t c2 = item.find(':', c1 + 1);
    const std::size_t c3 = item.find(':', c2 + 1);
    if (c3 == std::string::npos)
      continue; // the generator writes four fields; a test checks every row parses
    out[item.substr(0, c1)] = {std::strtod(item.c_str() + c1 + 1, nullptr),
                               std::strtod(item.c_str() + c2 + 1, nullptr),
                               std::strtod(item.c_str() + c3 + 1, nullptr)};
  }
  return out;
}

const looks::look_family* find_family(const looks::look_family* table, std::size_t n,
                                      const std::string& name) {
  if (name.empty())
    return nullptr;
  for (std::size_t i = 0; i < n; ++i)
    if (name == table[i].name)
      return &table[i];
  return nullptr;
}

const looks::look_family* any_family(const std::string& name) {
  if (auto* f = find_family(looks::video_families, looks::video_family_count, name))
    return f;
  return find_family(looks::audio_families, looks::audio_family_count, name);
}

/// The family's parameters: the given value when finite, else the default, clamped.
void resolve_params(const looks::look_family& family, const std::map<std::string, double>& given,
                    std::map<std::string, double>& names) {
  for (const auto& [name, range] : parse_ranges(family.params)) {
    double v = range.def;
    if (auto it = given.find(name); it != given.end() && std::isfinite(it->second))
      v = it->second;
    names[name] = std::clamp(v, range.lo, range.hi);
  }
}

std::vector<std::string> names_of(const looks::look_family* table, std::size_t n) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i)
    out.emplace_back(table[i].name);
  return out;
}

} // namespace

std::string video_look_chain(const std::string& family, const std::map<std::string, double>& params,
                             int W, int H, double t0, double t1) {
  if (W <= 0 || H <= 0)
    throw std::invalid_argument("video_look_chain: canvas " + std::to_string(W) + "x" +
                                std::to_string(H));
  if (!(t1 >= t0))
    throw std::invalid_argument("video_look_chain: window ends before it starts");
  const auto* f = find_family(looks::video_families, looks::video_family_count, family);
  if (!f)
    return {};
  std::map<std::string, double> names{{"W", W}, {"H", H}, {"t0", t0}, {"t1", t1}};
  resolve_params(*f, params, names);
  return expand_look_template(f->chain, names) + video_tail;
}

audio_look audio_look_chain(const std::string& family,
                            const std::map<std::string, double>& params) {
  const auto* f = find_family(looks::audio_families, looks::audio_family_count, family);
  if (!f)
    return {};
  // Aliases first, so that a canonical name given alongside its alias wins.
  std::map<std::string, double> given;
  for (const auto& [name, value] : params)
    for (std::size_t i = 0; i < looks::audio_param_alias_count; ++i)
      if (name == looks::audio_param_aliases[i].alias)
        given[looks::audio_param_aliases[i].canonical] = value;
  for (const auto& [name, value] : params)
    given[name] = value;
  std::map<std::string, double> names;
  resolve_params(*f, given, names);
  return {expand_look_template(f->chain, names) + audio_tail, f->tail_s};
}

std::vector<std::string> video_look_families() {
  return names_of(looks::video_families, looks::video_family_count);
}

std::vector<std::string> audio_look_families() {
  return names_of(looks::audio_families, looks::audio_family_count);
}

std::string look_family_closeness(const std::string& family) {
  const auto* f = any_family(family);
  return f ? f->closeness : "";
}

std::string look_family_template(const std::string& family) {
  const auto* f = any_family(family);
  return f ? f->chain : "";
}

std::map<std::string, double> look_family_defaults(const std::string& family) {
  std::map<std::string, double> out;
  if (const auto* f = any_family(family))
    for (const auto& [name, range] : parse_ranges(f->params))
      out[name] = range.def;
  return out;
}

} // namespace cutqueue::render
