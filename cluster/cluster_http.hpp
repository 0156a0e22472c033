// One request to the coordinator's internal HTTP routes (uploads and chunks of worker nodes),
// authorised by the attempt's token. Blocking, with timeouts; never follows proxies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace cutqueue::cluster {

struct http_reply {
  long status = 0; ///< 0: transport error
  std::string body;
  std::string error;
};

http_reply cluster_request(const std::string& method, const std::string& url,
                           const std::string& token, const std::string& body);

/// "HTTP 403 Unknown or superseded upload", or the transport error.
std::string detail_of(const http_reply& r);

/// The byte count a chunked-upload answer carries ({"received": N}).
std::optional<uint64_t> received_of(const std::string& body);

} // namespace cutqueue::cluster
