// Files of http/ compiled into the binary (cmake/embed_text.cmake), so the service needs no
// asset folder at run time.
#pragma once

#include <string_view>

namespace cutqueue::http {

/// http/openapi.json: the OpenAPI 3.1 description of every route (GET /openapi.json).
std::string_view openapi_json();

/// http/status_page.html: GET / (no external assets; all data arrives by GET /api/tasks).
std::string_view status_page_html();

/// http/login_page.html: GET / without a valid key, and a refused POST /login.
std::string_view login_page_html();

} // namespace cutqueue::http
