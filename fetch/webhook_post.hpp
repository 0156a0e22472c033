// Delivery of one completion webhook: a JSON POST to a client's callback_url, signed with
// HMAC-SHA256, through the same SSRF guard as every download (fetch/url_guard.hpp): the URL is
// checked first and the address of every connection curl opens. Redirects are not followed
// (a receiver has no reason to redirect a POST, and each hop would widen what can be reached).
// Blocking: call it from a detached actor.
#pragma once

#include "fetch/url_guard.hpp"

#include <chrono>
#include <string>

namespace cutqueue::fetch {

/// `sha256=<lower-case hex HMAC-SHA256 of body with key secret>`
std::string webhook_signature(const std::string& secret, const std::string& body);

struct webhook_request {
  std::string url;
  std::string body;        ///< JSON
  std::string secret;      ///< empty: no X-Cutqueue-Signature header
  int64_t timestamp_s = 0; ///< X-Cutqueue-Timestamp (Unix seconds)
  std::string task_id;     ///< X-Cutqueue-Task
  network_policy network;  ///< the SSRF guard's policy (--deny-private-networks, --allow-hosts)
  std::chrono::seconds timeout{10};
};

struct webhook_outcome {
  bool delivered = false; ///< the receiver answered 2xx
  long status = 0;        ///< its HTTP status; 0 when none
  std::string reason;     ///< why not delivered (for the log)
  bool refused = false;   ///< the guard refused the URL or address: retrying cannot help
};

webhook_outcome post_webhook(const webhook_request& req);

} // namespace cutqueue::fetch
