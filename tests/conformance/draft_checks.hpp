// Everything the suite checks on one rendered draft, gathered in one place.
#pragma once

#include "tests/conformance/expected_table.hpp"

#include <string>
#include <vector>

namespace cutqueue::conformance {

/// The rows of <fixtures>/<draft>/EXPECTED.md, computed rows bound to computed_checks.cpp.
checks_table expected_checks(const std::string& fixtures, const std::string& draft);

/// The EXPECTED.md rows (for drafts that have one; a missing or unreadable table becomes a hard
/// row that cannot be checked), the README checks and the export checks.
std::vector<check> draft_checks(const std::string& fixtures, const std::string& draft,
                                const std::vector<int>& progress);

} // namespace cutqueue::conformance
