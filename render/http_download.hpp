// One HTTP GET with libcurl, retried the way capcut-mate's downloader retries (408/429/5xx and
// network errors, exponential backoff, Retry-After honoured), into memory or into a file. Used by
// the draft fetcher for get_draft, the draft's files and http(s) material paths.
#pragma once

#include "render/cancel_token.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace cutqueue::render {

struct download_options {
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds stall_timeout{30}; ///< abort a try that receives nothing for this long
  int max_tries = 5;                      ///< total tries, at least 1
  int max_redirects = 5;
  std::chrono::milliseconds first_backoff{500}; ///< doubles after each failed try
  std::chrono::milliseconds max_backoff{8000};
  std::chrono::seconds max_retry_after{30}; ///< a larger Retry-After is cut to this
  int64_t max_body_bytes = 0;               ///< 0 = unlimited; only for download_to_string
  const cancel_token* cancel = nullptr;     ///< checked during transfers and between tries
  /// Extra stop condition (e.g. "another file of the same draft failed"); same semantics.
  std::function<bool()> stop;
  /// Called from the transferring thread with this try's bytes received so far and the
  /// expected total (Content-Length; 0 while unknown). Starts again from 0 on a retry.
  std::function<void(int64_t received, int64_t expected)> on_progress;
};

enum class download_status {
  ok,
  http_error,    ///< final HTTP status not 2xx (after retries when retryable)
  network_error, ///< transport failure (after retries when retryable)
  local_error,   ///< the destination file could not be written
  cancelled,     ///< cancel token or stop() fired
};

struct download_result {
  download_status status = download_status::network_error;
  long http_code = 0; ///< last HTTP status seen, 0 when none
  int tries = 0;
  int64_t bytes = 0;  ///< body bytes of the successful try
  std::string reason; ///< for errors: "HTTP 403", curl's message, or the local error
  bool ok() const { return status == download_status::ok; }
};

/// GETs `url` into `body`. Never throws.
download_result download_to_string(const std::string& url, const download_options& opts,
                                   std::string& body);

/// GETs `url` into `path`: each try writes `path` + ".part", renamed over `path` only after a
/// complete 2xx body, so `path` never holds a partial file. The parent folder must exist.
/// Never throws; the ".part" file is removed on failure.
download_result download_to_file(const std::string& url, const std::string& path,
                                 const download_options& opts);

/// "HTTP 503", or "HTTP 503; tried 5 times" when more than one try was made: the text placed in
/// api.md's "Material inaccessible: <url> (<reason>)".
std::string describe_failure(const download_result& r);

} // namespace cutqueue::render
