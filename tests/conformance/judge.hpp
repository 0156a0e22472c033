// Runs a draft's checks on its rendered MP4 and turns the outcomes into test failures and a
// report, applying known_failing.hpp's two lists.
#pragma once

#include "tests/conformance/check.hpp"
#include "tests/conformance/known_failing.hpp"

#include <string>
#include <vector>

namespace cutqueue::conformance {

struct judgement {
  int hard_failed = 0; ///< hard (and required soft) rows measured and not met
  int unreadable = 0;  ///< hard (and required soft) rows without an implementation
  int analysis_errors = 0;
  std::vector<std::string> known; ///< failures excused by known_failing_drafts
};

/// The two lists a judgement applies: known_failing.hpp's, or a test's own.
struct judge_lists {
  const std::vector<known_failing_draft>& known = known_failing_drafts;
  const std::vector<required_soft_row>& soft = required_soft_rows;
};

/// Whether `draft` is in the known list (and the environment does not ask to ignore it).
bool excused(const std::string& draft, const judge_lists& lists = {});
/// Whether the soft row is one of the required soft rows.
bool required(const std::string& draft, const check& c, const judge_lists& lists = {});

/// Evaluates every check on `m`. Hard rows (and required soft rows) fail the running test with
/// draft, time, place, expectation and measurement; for an excused draft its hard rows' failures
/// are only printed, and it is a failure when none of them fails. Other soft rows and base rows
/// are printed.
judgement judge(const std::string& draft, const std::vector<check>& checks, media_file& m,
                const judge_lists& lists = {});

} // namespace cutqueue::conformance
