#include "fetch/http_download.hpp"

#include "common/log.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>
#include <string_view>
#include <sys/socket.h>
#include <thread>

namespace cutqueue::fetch {

namespace {

void init_curl_once() {
  // curl_global_init is not thread-safe on older libcurl; once per process is all it needs.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool should_stop(const download_options& opts) {
  return (opts.cancel != nullptr && opts.cancel->cancelled()) || (opts.stop && opts.stop());
}

/// Where the body of one try goes: a string or a FILE*, never both.
struct sink {
  std::string* text = nullptr;
  std::FILE* file = nullptr;
  int64_t max_bytes = 0;
};

/// State shared with libcurl's callbacks during one try.
struct try_state {
  CURL* curl = nullptr;
  const download_options* opts = nullptr;
  sink out;
  int64_t received = 0;
  int64_t taken = 0;           ///< bytes of this try taken from opts->budget
  long retry_after_s = -1;     ///< of the last response header block; -1 when absent
  int64_t content_length = -1; ///< of the last response header block; -1 when absent
  validators seen;             ///< of the last response header block
  std::string local_error;     ///< set when the write callback refused data
  std::string refused;         ///< set when the guard or a limit refused: the reason text
  std::string refused_detail;  ///< what the log line adds (the peer address)
};

bool is_success(long code) {
  return code >= 200 && code < 300;
}

/// The per-file limit of `out`, or 0.
int64_t file_limit(const sink& out) {
  return out.max_bytes;
}

/// Refuses a body of `total` bytes (the announced or the running size); false when it fits.
bool over_limit(try_state& st, int64_t total) {
  const int64_t limit = file_limit(st.out);
  if (limit > 0 && total > limit) {
    st.refused = "larger than " + format_bytes(limit);
    return true;
  }
  return false;
}

/// Case-insensitive "name:" prefix test; returns the value with leading blanks removed.
std::optional<std::string_view> header_value(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() ||
      !std::equal(name.begin(), name.end(), line.begin(),
                  [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); }))
    return std::nullopt;
  auto value = line.substr(name.size());
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
    value.remove_prefix(1);
  return value;
}

/// `value` without the line end and the blanks around it.
std::string trimmed(std::string_view value) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())))
    value.remove_suffix(1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front())))
    value.remove_prefix(1);
  return std::string(value);
}

/// A validator worth keeping: printable ASCII within a sane length (it is stored as JSON and
/// sent back in a request header), else "" (treated as absent: no reuse).
std::string validator_value(std::string_view raw) {
  auto v = trimmed(raw);
  if (v.empty() || v.size() > 512)
    return {};
  for (unsigned char c : v)
    if (c < 0x20 || c > 0x7e)
      return {};
  return v;
}

/// Leading decimal digits of `value` (at most `max_digits`), or -1 when there are none.
int64_t leading_number(std::string_view value, size_t max_digits) {
  int64_t n = 0;
  size_t digits = 0;
  while (digits < value.size() && digits < max_digits &&
         std::isdigit(static_cast<unsigned char>(value[digits]))) {
    n = n * 10 + (value[digits] - '0');
    ++digits;
  }
  return digits > 0 ? n : -1;
}

/// End of a header block of a 2xx answer: refuse up front a body that Content-Length says
/// will not fit, before a byte of it arrives.
bool body_fits(try_state& st) {
  long code = 0;
  curl_easy_getinfo(st.curl, CURLINFO_RESPONSE_CODE, &code);
  if (!is_success(code) || st.content_length < 0)
    return true;
  if (over_limit(st, st.content_length))
    return false;
  const auto* budget = st.opts->budget;
  if (budget != nullptr && st.content_length > budget->remaining()) {
    st.refused = "task downloads larger than " + format_bytes(budget->limit());
    return false;
  }
  return true;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* st = static_cast<try_state*>(user);
  std::string_view line(data, size * n);
  // A new status line starts a new header block (redirects, 100 Continue): forget old values.
  if (line.rfind("HTTP/", 0) == 0) {
    st->retry_after_s = -1;
    st->content_length = -1;
    st->seen = {};
    return size * n;
  }
  if (line == "\r\n" || line == "\n")
    return body_fits(*st) ? size * n : 0; // 0 makes curl stop with CURLE_WRITE_ERROR
  // Only the delta-seconds form; an HTTP-date falls back to our own backoff.
  if (auto v = header_value(line, "retry-after:"); v && leading_number(*v, 9) >= 0)
    st->retry_after_s = static_cast<long>(leading_number(*v, 9));
  if (auto v = header_value(line, "content-length:"))
    st->content_length = leading_number(*v, 18);
  if (auto v = header_value(line, "etag:"))
    st->seen.etag = validator_value(*v);
  if (auto v = header_value(line, "last-modified:"))
    st->seen.last_modified = validator_value(*v);
  return size * n;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* st = static_cast<try_state*>(user);
  size_t len = size * n;
  long code = 0;
  curl_easy_getinfo(st->curl, CURLINFO_RESPONSE_CODE, &code);
  // Bodies of error pages and redirects are not the file: drop them.
  if (!is_success(code))
    return len;
  // Content-Length may be absent or lie: the running total is what counts.
  if (over_limit(*st, st->received + static_cast<int64_t>(len)))
    return 0;
  if (auto* budget = st->opts->budget) {
    if (!budget->take(static_cast<int64_t>(len))) {
      st->refused = "task downloads larger than " + format_bytes(budget->limit());
      return 0;
    }
    st->taken += static_cast<int64_t>(len);
  }
  if (st->out.text != nullptr) {
    st->out.text->append(data, len);
  } else if (std::fwrite(data, 1, len, st->out.file) != len) {
    st->local_error = std::string("write failed: ") + std::strerror(errno);
    return 0;
  }
  st->received += static_cast<int64_t>(len);
  if (st->opts->on_progress) {
    curl_off_t total = -1;
    curl_easy_getinfo(st->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &total);
    st->opts->on_progress(st->received, total > 0 ? static_cast<int64_t>(total) : 0);
  }
  return len;
}

/// CURLOPT_OPENSOCKETFUNCTION: the one place that sees the address curl is about to connect
/// to, after its own DNS lookup. Checking here (not the host text) defeats DNS rebinding and
/// every spelling of an address ("0x7f.1", "2130706433"), for each address curl tries.
curl_socket_t on_open_socket(void* user, curlsocktype, curl_sockaddr* addr) {
  auto* st = static_cast<try_state*>(user);
  auto ip = address_of(&addr->addr, addr->addrlen);
  const auto cls = ip ? classify_address(*ip) : address_class::not_unicast;
  if (!ip || !address_allowed(cls, st->opts->network)) {
    st->refused = "address not allowed";
    st->refused_detail =
        (ip ? to_string(*ip) : std::string("non-IP address")) + " is " + describe(cls);
    return CURL_SOCKET_BAD; // curl tries the next address, or fails with COULDNT_CONNECT
  }
  // Close-on-exec: FFmpeg children must not inherit download sockets.
  return socket(addr->family, addr->socktype | SOCK_CLOEXEC, addr->protocol);
}

int on_xferinfo(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  // Non-zero aborts the transfer with CURLE_ABORTED_BY_CALLBACK: how cancellation reaches
  // a blocking curl_easy_perform.
  return should_stop(*static_cast<try_state*>(user)->opts) ? 1 : 0;
}

bool retryable_curl_error(CURLcode rc) {
  switch (rc) {
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_CONNECT:
  case CURLE_OPERATION_TIMEDOUT:
  case CURLE_SEND_ERROR:
  case CURLE_RECV_ERROR:
  case CURLE_GOT_NOTHING:
  case CURLE_PARTIAL_FILE:
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_HTTP2:
  case CURLE_HTTP2_STREAM:
    return true;
  default:
    return false;
  }
}

bool retryable_http_status(long code) {
  return code == 408 || code == 429 || code >= 500;
}

struct try_outcome {
  download_result result;
  bool retryable = false;
  long retry_after_s = -1;
};

void set_common_options(CURL* curl, const download_options& opts) {
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L); // no SIGALRM: we run on many threads
  // Redirects are followed by hand (perform_try) so that each hop passes check_url.
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  // No proxy, whatever http_proxy says: through a proxy the guard would see the proxy's
  // address, not the target's, and the proxy would reach what the guard refuses.
  curl_easy_setopt(curl, CURLOPT_PROXY, "");
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS, CURLPROTO_HTTP | CURLPROTO_HTTPS);
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS, CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(opts.connect_timeout.count()));
  // "Stalled" = under 1 byte/s for stall_timeout seconds; a slow but moving transfer is fine.
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(opts.stall_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "cutqueue/1");
}

try_outcome perform_try(const std::string& url, const download_options& opts, sink out) {
  try_outcome o;
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    o.result.status = download_status::local_error;
    o.result.reason = "curl_easy_init failed";
    return o;
  }
  try_state st;
  st.curl = curl;
  st.opts = &opts;
  st.out = out;
  char errbuf[CURL_ERROR_SIZE] = {0};
  set_common_options(curl, opts);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &st);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &st);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &st);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_xferinfo);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &st);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  // Both validators when known (RFC 9110 13.1.3): a server that ignores ETags may still
  // honour the date. Sent to every redirect hop, like any request header.
  curl_slist* conditions = nullptr;
  if (!opts.revalidate.etag.empty())
    conditions = curl_slist_append(conditions, ("If-None-Match: " + opts.revalidate.etag).c_str());
  if (!opts.revalidate.last_modified.empty())
    conditions = curl_slist_append(conditions,
                                   ("If-Modified-Since: " + opts.revalidate.last_modified).c_str());
  if (conditions != nullptr)
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, conditions);

  CURLcode rc = CURLE_OK;
  long code = 0;
  std::string hop = url;
  bool too_many_redirects = false;
  bool url_refused = false;
  for (int redirects = 0;; ++redirects) {
    if (auto why = check_url(hop, opts.network)) {
      st.refused = *why;
      url_refused = true;
      break;
    }
    st.refused.clear(); // a refused address of an earlier hop is no reason for this one
    curl_easy_setopt(curl, CURLOPT_URL, hop.c_str());
    rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    char* location = nullptr;
    if (rc != CURLE_OK || code < 300 || code >= 400 ||
        curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location) != CURLE_OK ||
        location == nullptr)
      break;
    if (redirects >= opts.max_redirects) {
      too_many_redirects = true;
      break;
    }
    hop = location;
    if (should_stop(opts)) {
      rc = CURLE_ABORTED_BY_CALLBACK;
      break;
    }
  }
  curl_easy_cleanup(curl);
  curl_slist_free_all(conditions);

  auto& r = o.result;
  r.http_code = code;
  r.bytes = st.received;
  o.retry_after_s = st.retry_after_s;
  if (rc == CURLE_ABORTED_BY_CALLBACK) {
    r.status = download_status::cancelled;
    r.reason = "cancelled";
  } else if (!st.refused.empty() && (url_refused || rc != CURLE_OK)) {
    // With rc == CURLE_OK a refused address was followed by an allowed one that worked.
    r.status = download_status::refused;
    r.reason = st.refused + (hop != url ? "; redirected to " + hop : "");
    log::warn("download refused: ", url, hop != url ? " -> " + hop : "", ": ", st.refused,
              st.refused_detail.empty() ? "" : " (" + st.refused_detail + ")");
  } else if (too_many_redirects) {
    r.status = download_status::network_error;
    r.reason = "too many redirects (more than " + std::to_string(opts.max_redirects) + ")";
  } else if (rc == CURLE_WRITE_ERROR && !st.local_error.empty()) {
    r.status = download_status::local_error;
    r.reason = st.local_error;
  } else if (rc != CURLE_OK) {
    r.status = download_status::network_error;
    r.reason = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc);
    o.retryable = retryable_curl_error(rc);
  } else if (code == 304 && !opts.revalidate.empty()) {
    r.status = download_status::not_modified;
    r.reason = "not modified";
  } else if (!is_success(code)) {
    r.status = download_status::http_error;
    r.reason = "HTTP " + std::to_string(code);
    o.retryable = retryable_http_status(code);
  } else {
    r.status = download_status::ok;
    r.received = st.seen;
  }
  if (!r.ok() && st.taken > 0 && opts.budget != nullptr)
    opts.budget->give_back(st.taken); // the retry (if any) takes its bytes again
  return o;
}

/// Sleeps `delay` in short slices so that cancellation is noticed within ~20 ms.
bool wait_unless_stopped(std::chrono::milliseconds delay, const download_options& opts) {
  auto until = std::chrono::steady_clock::now() + delay;
  while (std::chrono::steady_clock::now() < until) {
    if (should_stop(opts))
      return false;
    auto left = until - std::chrono::steady_clock::now();
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(20)));
  }
  return !should_stop(opts);
}

/// Runs `one_try` until it succeeds, fails for good, or tries run out; waits between tries.
template <class TryFn>
download_result with_retries(const std::string& url, const download_options& opts, TryFn one_try) {
  init_curl_once();
  const int max_tries = std::max(1, opts.max_tries);
  auto backoff = opts.first_backoff;
  download_result last;
  for (int attempt = 1; attempt <= max_tries; ++attempt) {
    if (should_stop(opts)) {
      last.status = download_status::cancelled;
      last.reason = "cancelled";
      last.tries = attempt - 1;
      return last;
    }
    try_outcome o = one_try();
    last = o.result;
    last.tries = attempt;
    if (last.ok() || !o.retryable || attempt == max_tries)
      return last;
    auto delay = backoff;
    if (o.retry_after_s >= 0)
      delay = std::chrono::seconds(std::min<long>(o.retry_after_s, opts.max_retry_after.count()));
    backoff = std::min(backoff * 2, opts.max_backoff);
    log::warn("download retry ", attempt + 1, "/", max_tries, " in ", delay.count(), " ms: ", url,
              " (", last.reason, ")");
    if (!wait_unless_stopped(delay, opts)) {
      last.status = download_status::cancelled;
      last.reason = "cancelled";
      return last;
    }
  }
  return last;
}

} // namespace

download_result download_to_string(const std::string& url, const download_options& opts,
                                   std::string& body) {
  return with_retries(url, opts, [&] {
    body.clear();
    return perform_try(url, opts, sink{&body, nullptr, opts.max_body_bytes});
  });
}

download_result download_to_file(const std::string& url, const std::string& path,
                                 const download_options& opts) {
  const std::string part = path + ".part";
  auto r = with_retries(url, opts, [&] {
    try_outcome o;
    // A fresh file per try: a retry must not append to what a broken try left behind.
    std::FILE* f = std::fopen(part.c_str(), "wb");
    if (f == nullptr) {
      o.result.status = download_status::local_error;
      o.result.reason = "cannot create " + part + ": " + std::strerror(errno);
      return o;
    }
    o = perform_try(url, opts, sink{nullptr, f, opts.max_body_bytes});
    if (std::fclose(f) != 0 && o.result.ok()) {
      o.result.status = download_status::local_error;
      o.result.reason = "cannot write " + part + ": " + std::strerror(errno);
    }
    return o;
  });
  if (r.ok() && std::rename(part.c_str(), path.c_str()) != 0) {
    r.status = download_status::local_error;
    r.reason = "cannot rename " + part + ": " + std::strerror(errno);
  }
  if (!r.ok())
    std::remove(part.c_str());
  return r;
}

bool download_budget::take(int64_t n) {
  if (limit_ <= 0) {
    used_.fetch_add(n);
    return true;
  }
  auto used = used_.load();
  do {
    if (used + n > limit_)
      return false;
  } while (!used_.compare_exchange_weak(used, used + n));
  return true;
}

int64_t download_budget::remaining() const {
  return limit_ <= 0 ? INT64_MAX : std::max<int64_t>(0, limit_ - used_.load());
}

std::string format_bytes(int64_t n) {
  constexpr int64_t kib = 1024, mib = kib * 1024, gib = mib * 1024;
  if (n > 0 && n % gib == 0)
    return std::to_string(n / gib) + " GiB";
  if (n > 0 && n % mib == 0)
    return std::to_string(n / mib) + " MiB";
  if (n > 0 && n % kib == 0)
    return std::to_string(n / kib) + " KiB";
  return std::to_string(n) + " bytes";
}

std::string describe_failure(const download_result& r) {
  if (r.tries > 1)
    return r.reason + "; tried " + std::to_string(r.tries) + " times";
  return r.reason;
}

} // namespace cutqueue::fetch
