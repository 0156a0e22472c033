// The generated data behind resource_looks.hpp and look_chains.hpp
// (scripts/gen_resource_looks.py writes the .cpp files that define these arrays). Plain
// aggregates of string literals, built at compile time. Not for use outside render/ and its
// tests.
#pragma once

#include "render/look_fidelity.hpp"
#include "render/resource_looks.hpp"

#include <cstddef>
#include <iterator>

namespace cutqueue::render::looks {

/// The bit of a kind in a rule's `kinds`.
constexpr unsigned kind_bit(resource_kind kind) {
  return 1u << static_cast<unsigned>(kind);
}

/// One rendering: an FFmpeg chain template with `{expr}` placeholders (look_template.hpp),
/// its parameters as "name:default:min:max;..." and, for audio, the seconds it sounds after its
/// input ends.
struct look_family {
  const char* name;
  const char* chain;
  const char* params;
  double tail_s;
  const char* closeness; ///< how close to Jianying's look, for docs and reports
};

/// A keyword rule: a name of a kind in `kinds` containing `keyword` gets `family` ("" = no look).
struct resource_rule {
  const char* keyword;
  unsigned kinds;
  const char* family;
};

/// One catalogue entry; `params` is its "name:default;..." list, `family` "" for no look.
struct resource_entry {
  resource_kind kind;
  const char* resource_id;
  const char* name;
  const char* family;
  fidelity how;
  const char* params;
};

/// Jianying's other names for an audio parameter (强弱, strength) and this table's name for it.
struct param_alias {
  const char* alias;
  const char* canonical;
};

extern const look_family video_families[];
extern const std::size_t video_family_count;
extern const look_family audio_families[];
extern const std::size_t audio_family_count;
extern const resource_rule resource_rules[];
extern const std::size_t resource_rule_count;
extern const param_alias audio_param_aliases[];
extern const std::size_t audio_param_alias_count;
extern const resource_entry resource_entries[];
extern const std::size_t resource_entry_count;

} // namespace cutqueue::render::looks
