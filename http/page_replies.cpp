#include "http/page_replies.hpp"

namespace cutqueue::http {

using namespace Pistache;

namespace {

// Pistache 0.0.5 writes only typed headers into a response, so each needs a class.
class set_cookie_header : public Http::Header::Header {
public:
  NAME("Set-Cookie")
  set_cookie_header() = default;
  explicit set_cookie_header(std::string value) : value_(std::move(value)) {}
  void parse(const std::string& data) override { value_ = data; }
  void write(std::ostream& os) const override { os << value_; }

private:
  std::string value_;
};

class content_security_policy : public Http::Header::Header {
public:
  NAME("Content-Security-Policy")
  void write(std::ostream& os) const override {
    // Data reaches the page only through fetch() and textContent; this is the second line of
    // defence should a value ever be written as markup.
    os << "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
          "connect-src 'self'; media-src http: https:; form-action 'self'; "
          "frame-ancestors 'none'; base-uri 'none'";
  }
};

} // namespace

void send_page(Http::ResponseWriter& w, int status, std::string_view html) {
  w.headers().add<Http::Header::CacheControl>(Http::CacheDirective::NoStore);
  w.headers().add(std::make_shared<content_security_policy>());
  w.send(static_cast<Http::Code>(status), std::string(html),
         Http::Mime::MediaType::fromString("text/html; charset=utf-8"));
}

void send_login_redirect(Http::ResponseWriter& w, const std::string& set_cookie) {
  if (!set_cookie.empty())
    w.headers().add(std::make_shared<set_cookie_header>(set_cookie));
  w.headers().add<Http::Header::Location>("/");
  w.headers().add<Http::Header::CacheControl>(Http::CacheDirective::NoStore);
  w.send(Http::Code::See_Other, "");
}

} // namespace cutqueue::http
