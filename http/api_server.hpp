// The HTTP front of cutqueue (Pistache). It knows the supervisor only through its typed API
// handle: each request becomes one message with a timeout, answered from the reply's
// continuation, so no Pistache thread ever waits on an actor.
#pragma once

#include "actors/supervisor.hpp"
#include "common/metrics.hpp"
#include "http/answer_context.hpp"
#include "http/upload_target.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cutqueue::http {

struct http_config {
  std::string host = "127.0.0.1";
  uint16_t port = 30000;       ///< 0: any free port (see api_server::port)
  size_t max_body = 64 * 1024; ///< larger request bodies get 413
  int threads = 2;             ///< Pistache reactor threads
  std::string output_dir;      ///< served under /outputs/
  /// Cache-Control max-age of outputs: how long a cache may keep one (the service keeps them
  /// for --retention).
  std::chrono::seconds output_max_age{7 * 24 * 3600};
  std::chrono::seconds request_timeout{10}; ///< bound on one supervisor round trip
  /// Slow or idle clients: a request's head and body must arrive within these, an idle
  /// keep-alive connection is closed after the last one, and a download whose client takes no
  /// byte for keepalive_timeout is closed too.
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds body_timeout{30};
  std::chrono::seconds keepalive_timeout{75};
  /// When non-empty, /openapi/... routes need one of these (http/api_keys.hpp). Secrets: never
  /// logged.
  std::vector<std::string> api_keys;
  /// How /openapi/... routes answer unless a request's X-Response-Style says otherwise.
  response_style default_style = response_style::plain;
  /// Served at GET /metrics; HTTP answers are counted in it. Null = no /metrics route.
  std::shared_ptr<metrics::registry> metrics;
};

class api_server {
public:
  api_server(caf::actor_system& sys, http_config cfg);
  ~api_server();
  api_server(const api_server&) = delete;
  api_server& operator=(const api_server&) = delete;

  /// Binds and starts serving; until set_ready(), the API answers 503 and /healthz 503.
  /// Returns false with a message when the address cannot be bound.
  [[nodiscard]] bool start(std::string& error);

  /// Cluster mode (call before start()): worker nodes upload results through `target`, and
  /// /healthz lists the nodes with their slots.
  void set_upload_target(std::shared_ptr<upload_target> target);

  /// The bound port (useful with port 0).
  uint16_t port() const;

  /// Recovery has finished: route API requests to `sup`, /healthz turns 200.
  void set_ready(supervisor_api sup);

  /// Shutting down: /healthz and the API answer 503 again.
  void set_unready();

  /// Waits until no request is waiting for the supervisor (or the deadline passes); call after
  /// set_unready() so that replies are not written into a stopped endpoint.
  bool drain(std::chrono::milliseconds deadline);

  /// Stops accepting, joins Pistache's threads and stops the bridge actors.
  void stop();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace cutqueue::http
