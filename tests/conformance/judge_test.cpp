// How outcomes become failures: hard rows bind, soft and base rows only report, a listed draft
// is excused but must still fail something, and nothing unmeasured ever passes.
#include "tests/conformance/judge.hpp"
#include "tests/conformance/known_failing.hpp"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <cstdlib>

namespace cutqueue::conformance {
namespace {

check fixed_outcome(tag level, bool ok) {
  return computed_check(level, "ok", "a row that " + std::string(ok ? "passes" : "fails"),
                        [ok](media_file&) -> measured<verdict> {
                          return verdict{ok, "x"};
                        });
}

check unmeasurable(tag level) {
  return computed_check(
      level, "ok", "a row whose analysis fails",
      [](media_file&) -> measured<verdict> { return testing::analysis_error{"ffmpeg exploded"}; });
}

check unreadable(tag level) {
  check c;
  c.level = level;
  c.meaning = "a row nobody implemented";
  c.problem = "no implementation";
  return c;
}

/// The known-failing list as written, whatever the environment says.
class Judge : public ::testing::Test {
protected:
  void SetUp() override {
    if (const char* v = std::getenv("CUTQUEUE_CONFORMANCE_IGNORE_KNOWN"))
      saved_ = v;
    ::unsetenv("CUTQUEUE_CONFORMANCE_IGNORE_KNOWN");
  }
  void TearDown() override {
    if (saved_)
      ::setenv("CUTQUEUE_CONFORMANCE_IGNORE_KNOWN", saved_->c_str(), 1);
    else
      ::unsetenv("CUTQUEUE_CONFORMANCE_IGNORE_KNOWN");
  }
  std::optional<std::string> saved_;
  media_file none_{"/nonexistent.mp4"};
};

TEST_F(Judge, HardRowsBindSoftAndBaseRowsReport) {
  EXPECT_NONFATAL_FAILURE(judge("no_such_draft", {fixed_outcome(tag::hard, false)}, none_),
                          "want ok, got x -- a row that fails");
  auto j = judge("no_such_draft",
                 {fixed_outcome(tag::hard, true), fixed_outcome(tag::soft, false),
                  fixed_outcome(tag::base, false), unmeasurable(tag::soft), unreadable(tag::base)},
                 none_);
  EXPECT_EQ(j.hard_failed, 0);
}

TEST_F(Judge, UnmeasuredOrUnreadableHardRowsFail) {
  EXPECT_NONFATAL_FAILURE(judge("no_such_draft", {unmeasurable(tag::hard)}, none_),
                          "ffmpeg exploded");
  EXPECT_NONFATAL_FAILURE(judge("no_such_draft", {unreadable(tag::hard)}, none_),
                          "because no implementation");
}

TEST_F(Judge, AKnownFailingDraftIsExcusedOnlyWhileItFails) {
  const std::vector<known_failing_draft> known = {{"listed", "a feature"}};
  const std::vector<required_soft_row> soft;
  const judge_lists lists{known, soft};
  auto j = judge("listed", {fixed_outcome(tag::hard, false), fixed_outcome(tag::hard, true)}, none_,
                 lists);
  EXPECT_EQ(j.known.size(), 1u);
  EXPECT_NONFATAL_FAILURE(judge("listed", {fixed_outcome(tag::hard, true)}, none_, lists),
                          "remove it from known_failing_drafts");
  // Being listed excuses missing features, not rows the suite cannot check.
  EXPECT_NONFATAL_FAILURE(
      judge("listed", {fixed_outcome(tag::hard, false), unreadable(tag::hard)}, none_, lists),
      "cannot check");
  ::setenv("CUTQUEUE_CONFORMANCE_IGNORE_KNOWN", "1", 1);
  EXPECT_NONFATAL_FAILURE(judge("listed", {fixed_outcome(tag::hard, false)}, none_, lists),
                          "a row that fails");
}

TEST_F(Judge, ARequiredSoftRowBindsLikeAHardOne) {
  const std::vector<known_failing_draft> known = {{"listed", "a feature"}};
  const std::vector<required_soft_row> soft = {{"drafted", "a look the renderer draws"},
                                               {"listed", "another look"}};
  const judge_lists lists{known, soft};
  check c = fixed_outcome(tag::soft, false);
  c.meaning = "a look the renderer draws, and the rest of the row";
  EXPECT_TRUE(required("drafted", c, lists));
  EXPECT_NONFATAL_FAILURE(judge("drafted", {c}, none_, lists), "a required soft row");
  // Not excused by the known list either: that list is about missing hard features.
  check listed_soft = fixed_outcome(tag::soft, false);
  listed_soft.meaning = "another look";
  EXPECT_NONFATAL_FAILURE(
      judge("listed", {fixed_outcome(tag::hard, false), listed_soft}, none_, lists),
      "a required soft row");
  c.level = tag::base; // only soft rows can be required
  EXPECT_FALSE(required("drafted", c, lists));
}

} // namespace
} // namespace cutqueue::conformance
