// Turns a request body into the draft_url it names, or into the exact error of api.md. Pure
// functions: no Pistache, no actors, so the contract is unit-testable and fuzzable.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cutqueue::http {

/// An HTTP error answer: status code and the `detail` text of `{"detail": ...}`.
struct api_error {
  int status = 500;
  std::string detail;
};

/// Which route parses: the two differ only in the text for a malformed URL.
enum class draft_route { gen_video, gen_video_status };

struct draft_request {
  std::string draft_url; ///< trimmed, validated
  std::optional<api_error> error;
};

/// Parses `{"draft_url": "..."}` (other fields ignored) for `route`, checking in api.md's
/// order: JSON object, draft_url present/non-null/non-empty, then its format.
draft_request parse_draft_request(std::string_view body, draft_route route);

/// `{"detail": "<text>"}`
std::string error_body(const std::string& detail);

} // namespace cutqueue::http
