// C++ versions of the "computed" rows of the fixtures' EXPECTED.md tables, one per row, mirroring
// the functions of tools/check_render.py. A row is matched by its draft, its exact meaning text
// and its exact expected text: when a fixture rewords or retunes a row, the old implementation no
// longer matches, the row is reported as unimplemented and the implementation as unused.
#pragma once

#include "tests/conformance/check.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cutqueue::conformance {

struct computed_row {
  std::string draft;
  std::string meaning;
  std::string expected;
  check_fn run;
};

/// Every implemented computed row.
const std::vector<computed_row>& computed_rows();

/// The implementation of the row, if there is one.
std::optional<check_fn> find_computed(const std::string& draft, const std::string& meaning,
                                      const std::string& expected);

} // namespace cutqueue::conformance
