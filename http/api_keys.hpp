// API keys for the /openapi/... routes (`--api-key`, `--api-key-file`). Pure functions, no
// Pistache: the checker, the credential extraction from a request and the key file format are
// unit-tested on their own. Keys are secrets: nothing here logs them or puts them in a message.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cutqueue::http {

/// A usable key: 1 to 4096 visible ASCII characters (no spaces or control characters, so it
/// survives an Authorization header and a key file line unchanged).
bool valid_api_key(std::string_view key);

/// The keys of a key file's text: one per line, surrounding white space trimmed, blank lines
/// and lines starting with '#' ignored. Appends them to `keys`. On a line that is not a
/// valid_api_key, returns "line <n>: invalid key" (never the line itself) and appends nothing.
std::optional<std::string> parse_api_key_lines(std::string_view text,
                                               std::vector<std::string>& keys);

/// Reads `path` with parse_api_key_lines. Errors name the path and the reason, never a key;
/// a file without any key is an error too (an empty file would silently leave the API open).
std::optional<std::string> read_api_key_file(const std::string& path,
                                             std::vector<std::string>& keys);

/// The token of an Authorization header value "Bearer <token>" (scheme case-insensitive,
/// blanks around the token ignored); nullopt for other schemes or an empty token.
std::optional<std::string_view> bearer_token(std::string_view authorization);

/// The string `apiKey` field of a JSON object body (capcut-mate clients send it there);
/// nullopt when the body is not an object or the field is absent, null or not a string.
std::optional<std::string> body_api_key(std::string_view body);

/// The configured keys. Empty = the API is open.
class api_key_set {
public:
  api_key_set() = default;
  explicit api_key_set(std::vector<std::string> keys);

  bool enabled() const { return !keys_.empty(); }

  /// True when `presented` equals one of the keys. Compares with every key, each over all of
  /// `presented`, without an early exit, so the time taken depends only on the length of what
  /// was presented and the number of keys, never on how much of a key matched.
  bool accepts(std::string_view presented) const;

  /// The decision for one request: open when no keys are configured; otherwise a valid Bearer
  /// token in `authorization`, or (only when `body_allowed`) a valid `apiKey` field in `body`.
  /// The body is parsed only when the header did not already pass.
  bool authorizes(std::optional<std::string_view> authorization, std::string_view body,
                  bool body_allowed) const;

private:
  std::vector<std::string> keys_;
};

} // namespace cutqueue::http
