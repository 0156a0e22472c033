// Answers of the /openapi/... routes in the style the request asked for (answer_context): one
// call per outcome, so no handler decides between the plain and the capcut-mate form itself.
#pragma once

#include "http/answer_context.hpp"
#include "http/api_request.hpp"

#include <nlohmann/json.hpp>
#include <pistache/http.h>

namespace cutqueue::http {

/// Adds `X-Request-ID: <ctx.request_id>` to the answer's headers.
void add_request_id(Pistache::Http::ResponseWriter& w, const answer_context& ctx);
void add_request_id(Pistache::Http::ResponseWriter& w, const std::string& request_id);

/// Success: plain sends `fields` with 200; capcut-mate sends them inside its envelope, where
/// `capcut_message` (when given) replaces both the success text and a `message` field.
void send_api_ok(Pistache::Http::ResponseWriter& w, const answer_context& ctx,
                 const nlohmann::ordered_json& fields, const char* capcut_message = nullptr);

/// Failure: plain sends `{"detail": e.detail}` with e.status; capcut-mate sends HTTP 200 with
/// e.code and its message (e.code_detail in parentheses).
void send_api_error(Pistache::Http::ResponseWriter& w, const answer_context& ctx,
                    const api_error& e);

/// An HTTP-level refusal that capcut-mate's middleware would wrap (unknown route, wrong
/// method): plain sends `{"detail": detail}` with `status`; capcut-mate sends HTTP 200 with
/// code = status and "HTTP Error <status>, detail: {"detail":"<detail>"}".
void send_http_error(Pistache::Http::ResponseWriter& w, const answer_context& ctx, int status,
                     const std::string& detail);

} // namespace cutqueue::http
