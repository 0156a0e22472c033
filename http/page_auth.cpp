#include "http/page_auth.hpp"

#include "common/url.hpp"

namespace cutqueue::http {

std::string key_cookie_header(std::string_view key) {
  return std::string(key_cookie) + "=" + url::percent_encode(key, false) +
         "; Path=/; HttpOnly; SameSite=Strict";
}

std::optional<std::string> key_from_cookie(std::string_view value) {
  return url::percent_decode(value, false);
}

std::optional<std::string> key_from_form(std::string_view body) {
  while (!body.empty()) {
    auto amp = body.find('&');
    auto field = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    auto eq = field.find('=');
    if (eq != std::string_view::npos && field.substr(0, eq) == "key")
      return url::percent_decode(field.substr(eq + 1), true);
  }
  return std::nullopt;
}

} // namespace cutqueue::http
