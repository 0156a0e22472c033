// Reads the "## Checks" table of a fixture's EXPECTED.md at test time, so that a row added to a
// fixture is checked (or reported as not understood) without anyone editing the suite.
//
// Understood rows (| tag | time | where | expected | meaning |):
//   file              | 6.0 s, 640x360, 30/1        (the tolerance is the "(+-0.05)" in meaning)
//   pixel (x,y)       | rgb (r, g, b) ±tol           at "T s"
//   <f> Hz amplitude  | <amp> ±<db> dB  or  < <amp>  over "t0–t1 s"
//   computed          | anything: the C++ implementation is looked up by draft, meaning and
//                       expected text (see computed_checks.hpp)
#pragma once

#include "tests/conformance/check.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cutqueue::conformance {

/// The implementation of a computed row, or nothing.
using computed_lookup = std::function<std::optional<check_fn>(
    const std::string& draft, const std::string& meaning, const std::string& expected)>;

struct checks_table {
  std::vector<check> checks; ///< one per row, in table order; unreadable rows carry a problem
  std::string error;         ///< set when there is no Checks table at all
};

checks_table read_checks_table(const std::string& markdown, const std::string& draft,
                               const computed_lookup& find_computed);

} // namespace cutqueue::conformance
