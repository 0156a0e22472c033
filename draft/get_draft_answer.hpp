// Reads capcut-mate's get_draft answer, `{"code":0,"files":[...]}`, into the listed file URLs.
// Pure (no network, no files) so that it is unit-testable and fuzzable on its own
// (fuzz/get_draft_fuzzer.cpp); draft_fetcher.cpp does the downloading.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cutqueue::draft {

/// The `files` of a get_draft answer, or the task's error_message.
struct get_draft_listing {
  std::vector<std::string> urls; ///< as listed (absolute or relative); meaningless with an error
  /// api.md texts: "Draft does not exist" (code != 0) or
  /// "Material inaccessible: <draft_url> (invalid get_draft response)".
  std::optional<std::string> error;
};

/// Parses `body`, the answer to a GET of `draft_url` (named in the error text). Never throws.
get_draft_listing parse_get_draft(const std::string& draft_url, const std::string& body);

} // namespace cutqueue::draft
