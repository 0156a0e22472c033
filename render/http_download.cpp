#include "render/http_download.hpp"

#include "common/log.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <thread>

namespace cutqueue::render {

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
  long retry_after_s = -1; ///< of the last response header block; -1 when absent
  std::string local_error; ///< set when the write callback refused data
};

bool is_success(long code) {
  return code >= 200 && code < 300;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* st = static_cast<try_state*>(user);
  std::string_view line(data, size * n);
  // A new status line starts a new header block (redirects, 100 Continue): forget old values.
  if (line.rfind("HTTP/", 0) == 0) {
    st->retry_after_s = -1;
    return size * n;
  }
  constexpr std::string_view name = "retry-after:";
  if (line.size() > name.size() &&
      std::equal(name.begin(), name.end(), line.begin(),
                 [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
    auto value = line.substr(name.size());
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    long seconds = 0;
    size_t digits = 0;
    // Only the delta-seconds form; an HTTP-date falls back to our own backoff.
    while (digits < value.size() && digits < 9 &&
           std::isdigit(static_cast<unsigned char>(value[digits]))) {
      seconds = seconds * 10 + (value[digits] - '0');
      ++digits;
    }
    if (digits > 0)
      st->retry_after_s = seconds;
  }
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
  if (st->out.max_bytes > 0 && st->received + static_cast<int64_t>(len) > st->out.max_bytes) {
    st->local_error = "response larger than " + std::to_string(st->out.max_bytes) + " bytes";
    return 0;
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
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, static_cast<long>(opts.max_redirects));
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
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &st);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &st);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_xferinfo);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &st);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);

  CURLcode rc = curl_easy_perform(curl);
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_cleanup(curl);

  auto& r = o.result;
  r.http_code = code;
  r.bytes = st.received;
  o.retry_after_s = st.retry_after_s;
  if (rc == CURLE_ABORTED_BY_CALLBACK) {
    r.status = download_status::cancelled;
    r.reason = "cancelled";
  } else if (rc == CURLE_WRITE_ERROR && !st.local_error.empty()) {
    r.status = download_status::local_error;
    r.reason = st.local_error;
  } else if (rc != CURLE_OK) {
    r.status = download_status::network_error;
    r.reason = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc);
    o.retryable = retryable_curl_error(rc);
  } else if (!is_success(code)) {
    r.status = download_status::http_error;
    r.reason = "HTTP " + std::to_string(code);
    o.retryable = retryable_http_status(code);
  } else {
    r.status = download_status::ok;
  }
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
    o = perform_try(url, opts, sink{nullptr, f, 0});
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

std::string describe_failure(const download_result& r) {
  if (r.tries > 1)
    return r.reason + "; tried " + std::to_string(r.tries) + " times";
  return r.reason;
}

} // namespace cutqueue::render
