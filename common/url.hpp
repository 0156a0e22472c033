// Just enough URL handling for draft URLs and the material URLs listed by get_draft:
// absolute http(s) URLs, their parts, and percent-decoded query parameters.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cutqueue::url {

/// The longest draft_url the API accepts.
constexpr size_t max_draft_url_length = 2048;

struct parts {
  std::string scheme; ///< "http" or "https", lower case
  std::string host;   ///< without brackets for IPv6 literals
  int port = 0;       ///< explicit port, or 80/443 from the scheme
  std::string path;   ///< starts with '/', "/" when empty; still percent-encoded
  std::string query;  ///< after '?', before '#'; still percent-encoded
};

/// Splits an absolute http or https URL. Returns nullopt for anything else (other schemes,
/// relative references, empty host, bad port, control characters or spaces).
std::optional<parts> parse(std::string_view text);

/// The first value of query parameter `name`, percent-decoded ('+' as space), or nullopt.
std::optional<std::string> query_param(std::string_view query, std::string_view name);

/// Decodes %XX escapes; returns nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_as_space);

/// Percent-encodes everything but unreserved characters (A-Z a-z 0-9 - _ . ~) and, when
/// `keep_slash`, '/': safe for a query value or, with slashes kept, a path.
std::string percent_encode(std::string_view text, bool keep_slash);

/// The draft_id of a draft URL that the API accepts (see api.md: absolute http/https, at most
/// 2048 characters, non-empty draft_id query parameter), or nullopt when the URL is malformed.
std::optional<std::string> draft_id_of(std::string_view draft_url);

/// Resolves `ref` (absolute, scheme-relative or path) against `base`, for HTTP redirects.
std::optional<std::string> resolve(std::string_view base, std::string_view ref);

} // namespace cutqueue::url
