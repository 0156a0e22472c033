// Turns a request body into the draft_url it names, or into the exact error of api.md. Pure
// functions: no Pistache, no actors, so the contract is unit-testable and fuzzable.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cutqueue::http {

/// An error answer in both styles: HTTP status and the `detail` text of `{"detail": ...}` for
/// the plain style; capcut-mate's code and the detail its message gets in parentheses for the
/// envelope (http/capcut_envelope.hpp).
struct api_error {
  int status = 500;
  std::string detail;
  int code = 9998;         ///< capcut_code::internal unless set
  std::string code_detail; ///< e.g. "draft_url: Field required" for code 1001
};

/// Which route parses: the two differ only in the text for a malformed URL.
enum class draft_route { gen_video, gen_video_status, gen_video_cancel };

struct draft_request {
  std::string draft_url; ///< trimmed, validated
  /// gen_video only: the optional `callback_url` (absolute http/https, at most 2048
  /// characters), trimmed; "" when absent or null.
  std::string callback_url;
  std::optional<api_error> error;
};

/// Parses `{"draft_url": "..."}` (other fields ignored) for `route`, checking in api.md's
/// order: JSON object, draft_url present/non-null/non-empty, then its format. The capcut-mate
/// codes follow what capcut-mate answers (upstream-facts.md): a missing draft_url is 2001 on
/// gen_video (its model defaults it to "") but 1001 "Field required" on gen_video_status; null
/// or a non-string is 1001; empty or malformed is 2001.
draft_request parse_draft_request(std::string_view body, draft_route route);

/// `{"detail": "<text>"}`
std::string error_body(const std::string& detail);

} // namespace cutqueue::http
