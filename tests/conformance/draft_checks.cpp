#include "tests/conformance/draft_checks.hpp"

#include "tests/conformance/computed_checks.hpp"
#include "tests/conformance/draft_catalogue.hpp"
#include "tests/conformance/readme_checks.hpp"

namespace cutqueue::conformance {

checks_table expected_checks(const std::string& fixtures, const std::string& draft) {
  auto path = fixtures + "/" + draft + "/EXPECTED.md";
  auto text = read_file(path);
  if (text.empty())
    return checks_table{{}, "cannot read " + path};
  return read_checks_table(text, draft, find_computed);
}

std::vector<check> draft_checks(const std::string& fixtures, const std::string& draft,
                                const std::vector<int>& progress) {
  std::vector<check> cs;
  for (const auto& d : fixture_drafts()) {
    if (d.name != draft || !d.has_expected)
      continue;
    auto table = expected_checks(fixtures, draft);
    if (!table.error.empty()) {
      check missing;
      missing.where = "EXPECTED.md";
      missing.meaning = "the draft's Checks table";
      missing.problem = table.error;
      cs.push_back(missing);
    }
    cs.insert(cs.end(), table.checks.begin(), table.checks.end());
  }
  auto readme = readme_checks(draft);
  cs.insert(cs.end(), readme.begin(), readme.end());
  auto exported = export_checks(progress);
  cs.insert(cs.end(), exported.begin(), exported.end());
  return cs;
}

} // namespace cutqueue::conformance
