// HTTP-dates (RFC 9110 5.6.7) for Last-Modified, Date and If-Modified-Since.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace cutqueue::http {

/// IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::string format_http_date(std::time_t t);

/// Any of the three forms a recipient must accept: IMF-fixdate, RFC 850
/// ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime ("Sun Nov  6 08:49:37 1994"). nullopt for
/// anything else, which callers treat as an absent header.
std::optional<std::time_t> parse_http_date(std::string_view text);

} // namespace cutqueue::http
