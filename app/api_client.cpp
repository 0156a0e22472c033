#include "app/api_client.hpp"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <mutex>

namespace cutqueue::app {

namespace {

constexpr long request_timeout_s = 15;

size_t collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

} // namespace

api_reply call_api(const client_options& opts, const std::string& method, const std::string& route,
                   const std::string& body) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  api_reply out;
  CURL* h = curl_easy_init();
  if (!h) {
    out.error = "cannot start an HTTP request";
    return out;
  }
  auto server = opts.server;
  while (!server.empty() && server.back() == '/')
    server.pop_back();
  auto url = server + "/openapi/capcut-mate/v1/" + route;
  curl_slist* headers = curl_slist_append(nullptr, "X-Response-Style: plain");
  headers = curl_slist_append(headers, "Content-Type: application/json");
  std::string auth;
  if (!opts.api_key.empty()) {
    auth = "Authorization: Bearer " + opts.api_key;
    headers = curl_slist_append(headers, auth.c_str());
  }
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "POST")
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, request_timeout_s);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &out.body);
  auto rc = curl_easy_perform(h);
  if (rc == CURLE_OK)
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
  else
    out.error = std::string(curl_easy_strerror(rc)) + " (" + url + ")";
  curl_slist_free_all(headers);
  curl_easy_cleanup(h);
  return out;
}

std::string reply_error(const api_reply& r) {
  if (r.status == 0)
    return r.error;
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_object() && j.contains("detail") && j["detail"].is_string())
    return j["detail"].get<std::string>();
  return "HTTP " + std::to_string(r.status) + (r.body.empty() ? "" : ": " + r.body);
}

} // namespace cutqueue::app
