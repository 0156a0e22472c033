// The fixture drafts the suite renders, and what it knows about each without reading it.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace cutqueue::conformance {

struct fixture_draft {
  std::string name;  ///< folder in the fixtures
  bool has_expected; ///< checked by the rows of <name>/EXPECTED.md
};

/// Test names and failure messages show the draft's name.
inline void PrintTo(const fixture_draft& d, std::ostream* os) {
  *os << d.name;
}

/// The 13 capcut-mate drafts and scale_2min, in the order the README lists them.
const std::vector<fixture_draft>& fixture_drafts();

/// Whether `name` is one of fixture_drafts().
bool is_fixture_draft(const std::string& name);

/// The draft id capcut-mate gave the folder: the segment after /output/draft/ in the first URL
/// of its recorded get_draft.json (what the fixture server answers for). "" when unreadable.
std::string draft_id_of(const std::string& fixtures, const std::string& name);

/// Top-level `duration` of the draft in microseconds (0 when unreadable): renders are submitted
/// longest first so that two export slots finish together.
long long draft_duration_us(const std::string& fixtures, const std::string& name);

/// The text of a file ("" when it cannot be read).
std::string read_file(const std::string& path);

} // namespace cutqueue::conformance
