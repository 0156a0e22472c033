// Conformance over the real capcut-mate drafts in ../shared/fixtures, served the way capcut-mate's
// get_draft serves them to one real `cutqueue serve`: every draft exports through the HTTP API,
// and its MP4 meets every hard row of its EXPECTED.md (or, for the drafts without one, what the
// fixtures README says they show). One test per draft; in one process all renders overlap.
#include "tests/conformance/draft_catalogue.hpp"
#include "tests/conformance/draft_checks.hpp"
#include "tests/conformance/export_session.hpp"
#include "tests/conformance/judge.hpp"

#include <gtest/gtest.h>

#include <iostream>

namespace cutqueue::conformance {
namespace {

class FixtureDraft : public ::testing::TestWithParam<fixture_draft> {};

TEST_P(FixtureDraft, ExportsAndMeetsItsChecks) {
  auto fixtures = testing::fixtures_dir_or_skip();
  if (fixtures.empty())
    return;
  const auto& draft = GetParam().name;
  auto result = export_session::instance(fixtures).wait(draft);
  ASSERT_EQ(result.status, "completed") << draft << ": " << result.problem;
  ASSERT_FALSE(result.file.empty()) << draft << ": " << result.problem;
  std::cout << "[ exported ] " << draft << ", done " << result.seconds << " s after submission\n";
  media_file mp4(result.file);
  judge(draft, draft_checks(fixtures, draft, result.progress), mp4);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixtureDraft, ::testing::ValuesIn(fixture_drafts()),
                         [](const auto& info) { return info.param.name; });

} // namespace
} // namespace cutqueue::conformance
