#include "cluster/cluster_http.hpp"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <mutex>

namespace cutqueue::cluster {

namespace {

constexpr long request_timeout_s = 60;

size_t collect(char* p, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(p, size * n);
  return size * n;
}

} // namespace

http_reply cluster_request(const std::string& method, const std::string& url,
                           const std::string& token, const std::string& body) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  http_reply r;
  CURL* curl = curl_easy_init();
  if (!curl) {
    r.error = "cannot create a curl handle";
    return r;
  }
  curl_slist* headers = nullptr;
  auto auth = "Authorization: Bearer " + token;
  headers = curl_slist_append(headers, auth.c_str());
  headers = curl_slist_append(headers, "Content-Type: application/octet-stream");
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROXY, "");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  if (method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, request_timeout_s);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
  auto rc = curl_easy_perform(curl);
  if (rc == CURLE_OK)
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
  else
    r.error = curl_easy_strerror(rc);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return r;
}

std::optional<uint64_t> received_of(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("received") || !j["received"].is_number_unsigned())
    return std::nullopt;
  return j["received"].get<uint64_t>();
}

std::string detail_of(const http_reply& r) {
  if (r.status == 0)
    return r.error;
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_object() && j.contains("detail") && j["detail"].is_string())
    return "HTTP " + std::to_string(r.status) + " " + j["detail"].get<std::string>();
  return "HTTP " + std::to_string(r.status);
}

} // namespace cutqueue::cluster
