// The /outputs/ route: GET and HEAD of published files, answered without blocking Pistache's
// reactor. The handler only copies what decides the answer and takes the connection
// (connection_gate); opening the file, the conditional and range logic (output_files) and the
// body (sendfile) happen on the output streamer's thread. The head goes through Pistache's
// ordered write queue, so it follows any answer queued before it; the body starts once the
// head is written.
#pragma once

#include "http/output_files.hpp"
#include "http/output_streamer.hpp"

#include <pistache/http.h>
#include <pistache/router.h>

#include <memory>

namespace cutqueue::http {

class output_service {
public:
  /// `stall_timeout`: a download whose client takes no byte for this long is closed.
  output_service(output_settings settings, std::chrono::milliseconds stall_timeout);
  ~output_service();

  void handle(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter w);

  /// Stops the streamer: downloads in flight are cut off. Call after Pistache stopped.
  void stop();

  /// Downloads whose body is being sent.
  size_t active_downloads() const { return streamer_->active(); }

private:
  output_settings settings_;
  std::shared_ptr<output_streamer> streamer_;
};

} // namespace cutqueue::http
