// Checks stated in code for the drafts that have no EXPECTED.md: the five plain drafts (what the
// fixtures README says they show, and what the former e2e and render fixture tests checked) and
// scale_2min (completes at full size with its pictures and captions in place); plus the checks
// every export gets.
#pragma once

#include "tests/conformance/check.hpp"

#include <string>
#include <vector>

namespace cutqueue::conformance {

/// The README-derived checks of `draft`; empty for drafts checked by their EXPECTED.md.
std::vector<check> readme_checks(const std::string& draft);

/// For every draft: H.264 yuv420p video with AAC audio, and a progress that only rose, to 100.
std::vector<check> export_checks(const std::vector<int>& progress);

} // namespace cutqueue::conformance
