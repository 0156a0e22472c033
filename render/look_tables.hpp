// The generated data behind the catalogues (scripts/gen_look_catalogs.py writes the .cpp files
// that define these arrays). Plain aggregates of string literals, so the tables are built at
// compile time and cost nothing at start-up. Not for use outside render/ and its tests.
#pragma once

#include "render/animation_catalog.hpp"
#include "render/look_direction.hpp"
#include "render/look_fidelity.hpp"

#include <cstddef>
#include <iterator>

namespace cutqueue::render::looks {

struct direction_word {
  const char* word;
  direction dir;
};

/// A keyword rule: a name containing `keyword` gets this look. `target` is an xfade name, a
/// custom kind, or, when `directional`, an xfade stem ("wipe", "slide", "smooth") completed by
/// the name's direction (else `default_dir`).
struct transition_rule {
  const char* keyword;
  const char* target;
  const char* family;
  bool directional;
  direction default_dir;
};

struct transition_entry {
  const char* resource_id;
  const char* name;
  const char* xfade;
  const char* custom;
  const char* family;
  fidelity how;
};

/// animation_look without the fidelity, as literals.
struct animation_params {
  const char* family; ///< empty in a rule: the name is not what the keyword suggests (no match)
  direction dir;
  double distance;
  double zoom;
  double angle;
  bool fades;
  double cycles;
  easing ease;
};

/// A keyword rule for the kinds in `kinds` (bit 1 << kind). `directional`: the name's direction,
/// when it has one, replaces the look's. `needs_direction`: the rule applies only to names that
/// have a direction.
struct animation_rule {
  const char* keyword;
  unsigned kinds;
  bool directional;
  bool needs_direction;
  animation_params look;
};

struct animation_entry {
  animation_kind kind;
  const char* resource_id;
  const char* name;
  fidelity how;
  animation_params look;
};

extern const direction_word direction_words[];
extern const std::size_t direction_word_count;
extern const transition_rule transition_rules[];
extern const std::size_t transition_rule_count;
extern const transition_entry transition_entries[];
extern const std::size_t transition_entry_count;
extern const animation_rule animation_rules[];
extern const std::size_t animation_rule_count;
extern const animation_entry animation_entries[];
extern const std::size_t animation_entry_count;

} // namespace cutqueue::render::looks
