// The EXPECTED.md reader on hand-written tables: what it understands, and that whatever it does
// not understand turns into a row that fails instead of disappearing.
#include "tests/conformance/expected_table.hpp"

#include <gtest/gtest.h>

namespace cutqueue::conformance {
namespace {

const char* table_head = "# x\n\n## Draft\n\n| a | b |\n|---|---|\n| hard | ignored |\n\n"
                         "## Checks\n\nSome words.\n\n"
                         "| tag | time | where | expected | meaning |\n"
                         "|---|---|---|---|---|\n";

std::optional<check_fn> no_computed(const std::string&, const std::string&, const std::string&) {
  return std::nullopt;
}

checks_table read(const std::string& rows, const computed_lookup& lookup = no_computed) {
  return read_checks_table(std::string(table_head) + rows, "d", lookup);
}

TEST(ExpectedTable, ReadsTheFourKindsOfRowAndOnlyTheChecksSection) {
  auto t = read("| hard | - | file | 6.0 s, 640x360, 30/1 | duration 6.0 s (+-0.05), 640x360 |\n"
                "| soft | 1.5 s | pixel (320,180) | rgb (254, 127, 0) ±40 | image |\n"
                "| base | 0.5–1.5 s | 300 Hz amplitude | 0.0625 ±1.5 dB | tone |\n"
                "| hard | 0.5-1.5 s | 440 Hz amplitude | < 0.004 | silent |\n"
                "| hard | - | computed | G in 1..2 | something |\n",
                [](const std::string& draft, const std::string& meaning, const std::string&) {
                  return draft == "d" && meaning == "something"
                             ? std::optional<check_fn>([](media_file&) -> measured<verdict> {
                                 return verdict{true, "x"};
                               })
                             : std::nullopt;
                });
  ASSERT_EQ(t.error, "");
  ASSERT_EQ(t.checks.size(), 5u);
  for (const auto& c : t.checks)
    EXPECT_TRUE(c.run) << c.where << ": " << c.problem;
  EXPECT_EQ(t.checks[0].level, tag::hard);
  EXPECT_EQ(t.checks[1].level, tag::soft);
  EXPECT_EQ(t.checks[2].level, tag::base);
  EXPECT_EQ(t.checks[1].expected, "rgb (254, 127, 0) ±40"); // reported as written
  EXPECT_EQ(t.checks[3].when, "0.5-1.5 s");
  EXPECT_EQ(t.checks[0].line, 15);
}

TEST(ExpectedTable, RowsItCannotReadKeepAProblem) {
  auto t = read("| hard | - | computed | G in 1..2 | nobody implemented this |\n"
                "| hard | 1 s | pixel (1,2) | rgb (1, 2, 3) ±4 | time without decimals is fine |\n"
                "| hard | soon | pixel (1,2) | rgb (1, 2, 3) ±4 | bad time |\n"
                "| hard | 1.0 s | pixel (1,2) | red-ish | bad colour |\n"
                "| hard | 1.0–2.0 s | 440 Hz amplitude | loud | bad level |\n"
                "| hard | - | file | 6.0 s, 640x360, 30/1 | no tolerance |\n"
                "| hard | 1.0 s | histogram | flat | unknown place |\n"
                "| maybe | 1.0 s | pixel (1,2) | rgb (1, 2, 3) ±4 | unknown tag |\n"
                "| hard | too | few |\n");
  ASSERT_EQ(t.checks.size(), 9u);
  EXPECT_NE(t.checks[0].problem.find("no C++ implementation"), std::string::npos);
  EXPECT_TRUE(t.checks[1].run);
  for (size_t i = 2; i < t.checks.size(); ++i) {
    EXPECT_FALSE(t.checks[i].run) << i;
    EXPECT_FALSE(t.checks[i].problem.empty()) << i;
    EXPECT_EQ(t.checks[i].level, tag::hard) << i; // unknown tags fail as hard rows
  }
}

TEST(ExpectedTable, AMissingSectionOrHeaderIsAnError) {
  EXPECT_NE(read_checks_table("# nothing\n", "d", no_computed).error, "");
  EXPECT_NE(read_checks_table("## Checks\n\n| tag | when | where | expected | meaning |\n"
                              "|---|---|---|---|---|\n| hard | - | file | x | y |\n",
                              "d", no_computed)
                .error,
            "");
  EXPECT_NE(read_checks_table("## Checks\n\nnone yet\n", "d", no_computed).error, "");
}

TEST(ExpectedTable, ARowThatCannotBeMeasuredFails) {
  auto t = read("| hard | 1.0 s | pixel (1,2) | rgb (1, 2, 3) ±4 | a pixel |\n"
                "| hard | 1.0–2.0 s | 440 Hz amplitude | < 0.004 | silence |\n");
  media_file missing("/nonexistent/render.mp4");
  for (const auto& c : t.checks) {
    auto v = c.run(missing);
    EXPECT_FALSE(v) << c.meaning; // no verdict at all, in particular not "silent"
  }
}

} // namespace
} // namespace cutqueue::conformance
