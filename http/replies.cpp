#include "http/replies.hpp"

#include "http/api_request.hpp"

namespace cutqueue::http {

using namespace Pistache;

void keep_alive_by_default(const Http::Request& req, Http::ResponseWriter& w) {
  if (req.version() != Http::Version::Http11 || req.headers().has("Connection"))
    return;
  w.headers().remove<Http::Header::Connection>();
  w.headers().add<Http::Header::Connection>(Http::ConnectionControl::KeepAlive);
}

void send_json(Http::ResponseWriter& w, int status, const std::string& body) {
  w.send(static_cast<Http::Code>(status), body, MIME(Application, Json));
}

void send_error(Http::ResponseWriter& w, int status, const std::string& detail) {
  send_json(w, status, error_body(detail));
}

} // namespace cutqueue::http
