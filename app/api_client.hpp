// The HTTP side of cutqueue's command-line client: one request to a cutqueue server's API,
// always asking for the plain style (X-Response-Style: plain), so the client works against a
// server whose default is capcut-mate's envelope too.
#pragma once

#include <string>

namespace cutqueue::app {

struct client_options {
  std::string server = "http://127.0.0.1:30000"; ///< --server, CUTQUEUE_SERVER
  std::string api_key;                           ///< --api-key, CUTQUEUE_API_KEY; "" = none
};

struct api_reply {
  long status = 0;   ///< 0: no answer (see error)
  std::string body;  ///< the answer's body
  std::string error; ///< why there was no answer
};

/// `method` on <server>/openapi/capcut-mate/v1/<route>, with a JSON `body` when not empty.
api_reply call_api(const client_options& opts, const std::string& method, const std::string& route,
                   const std::string& body = {});

/// The `detail` of an error body, else the body, else the transport error: for messages.
std::string reply_error(const api_reply& r);

} // namespace cutqueue::app
