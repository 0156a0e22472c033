// How a browser holds an API key for the status page: a login form posts it once and an
// HttpOnly cookie carries it from then on (scripts on the page never see it). Pure functions,
// no Pistache: the cookie and form formats are unit-tested.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cutqueue::http {

/// The cookie's name; its value is the key, percent-encoded (a key may hold ';' or ',').
constexpr const char* key_cookie = "cutqueue_key";

/// The value of the Set-Cookie header that stores `key`: HttpOnly, SameSite=Strict, Path=/.
std::string key_cookie_header(std::string_view key);

/// The key a cookie value carries (percent-decoded); nullopt when it does not decode.
std::optional<std::string> key_from_cookie(std::string_view value);

/// The `key` field of an application/x-www-form-urlencoded body; nullopt when absent.
std::optional<std::string> key_from_form(std::string_view body);

} // namespace cutqueue::http
