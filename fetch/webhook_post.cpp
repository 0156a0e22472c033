#include "fetch/webhook_post.hpp"

#include <curl/curl.h>

#include <mutex>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/socket.h>

namespace cutqueue::fetch {

namespace {

struct post_state {
  const network_policy* network = nullptr;
  std::string refused; ///< set when the guard refused an address
};

/// Same rule as downloads: the address curl is about to connect to, after its DNS lookup.
curl_socket_t on_open_socket(void* user, curlsocktype, curl_sockaddr* addr) {
  auto* st = static_cast<post_state*>(user);
  auto ip = address_of(&addr->addr, addr->addrlen);
  const auto cls = ip ? classify_address(*ip) : address_class::not_unicast;
  if (!ip || !address_allowed(cls, *st->network)) {
    st->refused = "address not allowed (" + (ip ? to_string(*ip) : std::string("non-IP address")) +
                  " is " + describe(cls) + ")";
    return CURL_SOCKET_BAD;
  }
  return socket(addr->family, addr->socktype | SOCK_CLOEXEC, addr->protocol);
}

size_t discard(char*, size_t size, size_t n, void*) {
  return size * n;
}

} // namespace

std::string webhook_signature(const std::string& secret, const std::string& body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &len);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "sha256=";
  for (unsigned i = 0; i < len; ++i) {
    out.push_back(hex[mac[i] >> 4]);
    out.push_back(hex[mac[i] & 0xf]);
  }
  return out;
}

webhook_outcome post_webhook(const webhook_request& req) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  webhook_outcome out;
  if (auto why = check_url(req.url, req.network)) {
    out.reason = *why;
    out.refused = true;
    return out;
  }
  CURL* curl = curl_easy_init();
  if (!curl) {
    out.reason = "curl_easy_init failed";
    return out;
  }
  post_state st;
  st.network = &req.network;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  std::string ts = "X-Cutqueue-Timestamp: " + std::to_string(req.timestamp_s);
  std::string task = "X-Cutqueue-Task: " + req.task_id;
  std::string sig;
  headers = curl_slist_append(headers, ts.c_str());
  headers = curl_slist_append(headers, task.c_str());
  if (!req.secret.empty()) {
    sig = "X-Cutqueue-Signature: " + webhook_signature(req.secret, req.body);
    headers = curl_slist_append(headers, sig.c_str());
  }
  headers = curl_slist_append(headers, "Expect:"); // no 100-continue round trip
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROXY, "");
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS, CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &st);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req.body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(req.body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(req.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "cutqueue/1");
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
  auto rc = curl_easy_perform(curl);
  if (rc == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out.status);
    out.delivered = out.status >= 200 && out.status < 300;
    if (!out.delivered)
      out.reason = "HTTP " + std::to_string(out.status);
  } else if (!st.refused.empty()) {
    out.reason = st.refused;
    out.refused = true;
  } else {
    out.reason = errbuf[0] ? errbuf : curl_easy_strerror(rc);
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return out;
}

} // namespace cutqueue::fetch
