#include "http/api_answer.hpp"

#include "common/service_metrics.hpp"
#include "http/capcut_envelope.hpp"
#include "http/replies.hpp"

namespace cutqueue::http {

using namespace Pistache;

namespace {

/// Pistache 0.0.5 writes only typed headers into a response (raw ones are dropped), so the
/// request id needs a header class of its own.
class request_id_header : public Http::Header::Header {
public:
  NAME("X-Request-ID")
  request_id_header() = default;
  explicit request_id_header(std::string value) : value_(std::move(value)) {}
  void parse(const std::string& data) override { value_ = data; }
  void write(std::ostream& os) const override { os << value_; }

private:
  std::string value_;
};

} // namespace

void add_request_id(Http::ResponseWriter& w, const answer_context& ctx) {
  add_request_id(w, ctx.request_id);
}

void add_request_id(Http::ResponseWriter& w, const std::string& request_id) {
  w.headers().add(std::make_shared<request_id_header>(request_id));
}

void send_api_ok(Http::ResponseWriter& w, const answer_context& ctx,
                 const nlohmann::ordered_json& fields, const char* capcut_message) {
  add_request_id(w, ctx);
  metrics::http_request(ctx.metrics, ctx.route, 200);
  if (ctx.style == response_style::plain) {
    send_json(w, 200, fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return;
  }
  auto body = fields;
  if (capcut_message)
    body["message"] = capcut_message;
  send_json(w, 200, capcut_success_body(body, ctx.english));
}

void send_api_error(Http::ResponseWriter& w, const answer_context& ctx, const api_error& e) {
  add_request_id(w, ctx);
  metrics::http_request(ctx.metrics, ctx.route,
                        ctx.style == response_style::plain ? e.status : 200);
  if (ctx.style == response_style::plain)
    send_error(w, e.status, e.detail);
  else
    send_json(w, 200, capcut_error_body(e.code, ctx.english, e.code_detail));
}

void send_http_error(Http::ResponseWriter& w, const answer_context& ctx, int status,
                     const std::string& detail) {
  api_error e{status, detail, status, error_body(detail)};
  send_api_error(w, ctx, e);
}

} // namespace cutqueue::http
