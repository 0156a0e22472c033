// One HTTP GET with libcurl, retried the way capcut-mate's downloader retries (408/429/5xx and
// network errors, exponential backoff, Retry-After honoured), into memory or into a file. Used by
// the draft fetcher for get_draft, the draft's files and http(s) material paths. Every URL,
// every redirect hop and the address of every connection pass the SSRF guard
// (fetch/url_guard.hpp), and bodies are held to byte limits.
#pragma once

#include "common/cancel_token.hpp"
#include "fetch/url_guard.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace cutqueue::fetch {

/// The bytes one task may download in all, shared by its parallel transfers. Thread-safe.
class download_budget {
public:
  /// `limit` 0 = unlimited.
  explicit download_budget(int64_t limit) : limit_(limit) {}
  download_budget(const download_budget&) = delete;
  download_budget& operator=(const download_budget&) = delete;

  /// Takes `n` bytes; false (taking nothing) when that would pass the limit.
  bool take(int64_t n);
  /// Returns bytes of a try that failed: a retried file must not count twice.
  void give_back(int64_t n) { used_.fetch_sub(n); }
  /// Bytes still available; INT64_MAX when unlimited.
  int64_t remaining() const;
  int64_t limit() const { return limit_; }
  int64_t used() const { return used_.load(); }

private:
  const int64_t limit_;
  std::atomic<int64_t> used_{0};
};

/// A response's validators (RFC 9110 8.8), as the server sent them: what a kept copy is later
/// revalidated against.
struct validators {
  std::string etag;          ///< the ETag header's value, quotes and any W/ prefix included
  std::string last_modified; ///< the Last-Modified header's value (an HTTP-date)
  bool empty() const { return etag.empty() && last_modified.empty(); }
};

struct download_options {
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds stall_timeout{30}; ///< abort a try that receives nothing for this long
  int max_tries = 5;                      ///< total tries, at least 1
  int max_redirects = 5;  ///< followed by hand: each hop passes check_url and the address guard
  network_policy network; ///< which URLs and peer addresses may be fetched
  std::chrono::milliseconds first_backoff{500}; ///< doubles after each failed try
  std::chrono::milliseconds max_backoff{8000};
  std::chrono::seconds max_retry_after{30}; ///< a larger Retry-After is cut to this
  /// 0 = unlimited. A larger body is refused (download_status::refused, "larger than <limit>"):
  /// up front from Content-Length, and while streaming when the body runs past it.
  int64_t max_body_bytes = 0;
  /// Per-task limit shared with the task's other downloads; nullptr = none. Refused the same
  /// way, "task downloads larger than <limit>".
  download_budget* budget = nullptr;
  const cancel_token* cancel = nullptr; ///< checked during transfers and between tries
  /// Extra stop condition (e.g. "another file of the same draft failed"); same semantics.
  std::function<bool()> stop;
  /// Called from the transferring thread with this try's bytes received so far and the
  /// expected total (Content-Length; 0 while unknown). Starts again from 0 on a retry.
  std::function<void(int64_t received, int64_t expected)> on_progress;
  /// Set: a conditional GET (If-None-Match with the ETag, If-Modified-Since with the date) for
  /// a copy the caller already has. A 304 ends it as download_status::not_modified, with
  /// nothing written; a 2xx delivers the new body as usual.
  validators revalidate;
};

enum class download_status {
  ok,
  http_error,    ///< final HTTP status not 2xx (after retries when retryable)
  network_error, ///< transport failure (after retries when retryable)
  local_error,   ///< the destination file could not be written
  cancelled,     ///< cancel token or stop() fired
  refused,       ///< the SSRF guard or a size limit said no; never retried
  not_modified,  ///< 304 to a conditional GET (download_options::revalidate): the copy is current
};

struct download_result {
  download_status status = download_status::network_error;
  long http_code = 0; ///< last HTTP status seen, 0 when none
  int tries = 0;
  int64_t bytes = 0; ///< body bytes of the successful try
  /// For errors: "HTTP 403", curl's message, the local error, or for refused: "address not
  /// allowed", "host not allowed", "scheme not allowed", "larger than 2 GiB", each followed by
  /// "; redirected to <url>" when a redirect hop was refused. Never names a resolved address
  /// (that would tell clients about the internal network); the log line does.
  std::string reason;
  validators received; ///< of the successful answer; empty when the server sent none
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

/// "2 GiB", "64 MiB", "1 KiB" for exact multiples, else "<n> bytes": sizes in refusal texts.
std::string format_bytes(int64_t n);

/// "HTTP 503", or "HTTP 503; tried 5 times" when more than one try was made: the text placed in
/// api.md's "Material inaccessible: <url> (<reason>)".
std::string describe_failure(const download_result& r);

} // namespace cutqueue::fetch
