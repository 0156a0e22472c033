// Without rendering anything: the suite understands every row of every EXPECTED.md, each C++
// computed check still has its row, and the two lists of known_failing.hpp name real things.
#include "tests/conformance/computed_checks.hpp"
#include "tests/conformance/draft_catalogue.hpp"
#include "tests/conformance/draft_checks.hpp"
#include "tests/conformance/known_failing.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace cutqueue::conformance {
namespace {

namespace fs = std::filesystem;

TEST(ExpectedTables, EveryDraftWithAnExpectedMdIsRendered) {
  auto fixtures = testing::fixtures_dir_or_skip();
  if (fixtures.empty())
    return;
  for (const auto& entry : fs::directory_iterator(fixtures)) {
    if (!fs::exists(entry.path() / "EXPECTED.md"))
      continue;
    auto name = entry.path().filename().string();
    bool listed = false;
    for (const auto& d : fixture_drafts())
      listed = listed || (d.name == name && d.has_expected);
    EXPECT_TRUE(listed) << name << " has an EXPECTED.md but is not in draft_catalogue.cpp";
  }
  for (const auto& d : fixture_drafts()) {
    EXPECT_TRUE(fs::exists(fs::path(fixtures) / d.name / "draft_content.json")) << d.name;
    EXPECT_FALSE(draft_id_of(fixtures, d.name).empty()) << d.name << ": no id in get_draft.json";
    EXPECT_EQ(fs::exists(fs::path(fixtures) / d.name / "EXPECTED.md"), d.has_expected) << d.name;
  }
}

TEST(ExpectedTables, EveryHardAndSoftRowIsUnderstood) {
  auto fixtures = testing::fixtures_dir_or_skip();
  if (fixtures.empty())
    return;
  for (const auto& d : fixture_drafts()) {
    if (!d.has_expected)
      continue;
    auto table = expected_checks(fixtures, d.name);
    EXPECT_EQ(table.error, "") << d.name;
    EXPECT_FALSE(table.checks.empty()) << d.name;
    for (const auto& c : table.checks) {
      // Base rows are never asserted, but soft rows may become required at any time.
      if (c.level == tag::base)
        continue;
      EXPECT_TRUE(c.run) << d.name << ":" << c.line << " (" << to_string(c.level) << ", " << c.where
                         << ", " << c.expected << ", " << c.meaning << "): " << c.problem;
    }
  }
}

TEST(ExpectedTables, EveryComputedCheckHasItsRow) {
  auto fixtures = testing::fixtures_dir_or_skip();
  if (fixtures.empty())
    return;
  for (const auto& row : computed_rows()) {
    auto table = expected_checks(fixtures, row.draft);
    int matches = 0;
    for (const auto& c : table.checks)
      matches += c.where == "computed" && c.meaning == row.meaning && c.expected == row.expected;
    EXPECT_EQ(matches, 1) << row.draft << ": the row '" << row.meaning << "' / '" << row.expected
                          << "' is no longer in EXPECTED.md (changed or removed)";
  }
}

TEST(ExpectedTables, KnownFailingAndRequiredSoftListsNameRealDraftsAndRows) {
  auto fixtures = testing::fixtures_dir_or_skip();
  if (fixtures.empty())
    return;
  for (const auto& k : known_failing_drafts)
    EXPECT_TRUE(is_fixture_draft(k.draft)) << k.draft;
  for (const auto& r : required_soft_rows) {
    auto table = expected_checks(fixtures, r.draft);
    int matches = 0;
    for (const auto& c : table.checks)
      matches += c.level == tag::soft && c.meaning.rfind(r.meaning_prefix, 0) == 0;
    EXPECT_EQ(matches, 1) << r.draft << ": '" << r.meaning_prefix
                          << "' must start exactly one soft row";
  }
}

} // namespace
} // namespace cutqueue::conformance
