// Small helpers every handler uses to answer: JSON bodies and HTTP/1.1 persistent connections.
#pragma once

#include <pistache/http.h>

#include <string>

namespace cutqueue::http {

/// Pistache 0.0.5 answers `Connection: Close` to any request without a Connection header,
/// which breaks HTTP/1.1's default of persistent connections (and costs ~7x in throughput).
/// Call first in every handler to restore the HTTP/1.1 default.
void keep_alive_by_default(const Pistache::Http::Request& req, Pistache::Http::ResponseWriter& w);

void send_json(Pistache::Http::ResponseWriter& w, int status, const std::string& body);

/// `{"detail": detail}` with `status`.
void send_error(Pistache::Http::ResponseWriter& w, int status, const std::string& detail);

} // namespace cutqueue::http
