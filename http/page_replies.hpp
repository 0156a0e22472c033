// Answers of the status page's routes: HTML with a policy that lets the page reach nothing but
// this server (and the videos it links), and the login redirect that sets the key cookie.
#pragma once

#include <pistache/http.h>

#include <string>
#include <string_view>

namespace cutqueue::http {

/// `html` with `status`, Content-Type text/html, Cache-Control: no-store and a
/// Content-Security-Policy that allows only inline style and script, fetch() to this origin
/// and http(s) media.
void send_page(Pistache::Http::ResponseWriter& w, int status, std::string_view html);

/// 303 to "/" with `Set-Cookie: <set_cookie>` (none when empty).
void send_login_redirect(Pistache::Http::ResponseWriter& w, const std::string& set_cookie);

} // namespace cutqueue::http
