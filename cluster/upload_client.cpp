#include "cluster/upload_client.hpp"

#include "cluster/auth.hpp"
#include "common/log.hpp"
#include "common/url.hpp"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

namespace cutqueue::cluster {

namespace {

using namespace std::chrono_literals;

constexpr int max_failures = 8; ///< consecutive transport errors before giving up
constexpr long request_timeout_s = 60;

struct reply {
  long status = 0; ///< 0: transport error
  std::string body;
  std::string error;
};

size_t collect(char* p, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(p, size * n);
  return size * n;
}

reply send(const std::string& method, const std::string& url, const std::string& token,
           const std::string& body) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  reply r;
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
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
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

std::string detail_of(const reply& r) {
  if (r.status == 0)
    return r.error;
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_object() && j.contains("detail") && j["detail"].is_string())
    return "HTTP " + std::to_string(r.status) + " " + j["detail"].get<std::string>();
  return "HTTP " + std::to_string(r.status);
}

} // namespace

upload_outcome upload_result(const upload_target_info& t, const std::string& file,
                             const std::string& name, const cancel_token& cancel,
                             const std::function<void()>& on_chunk) {
  auto fail = [](std::string why) { return upload_outcome{false, std::move(why)}; };
  auto digest = sha256_file(file);
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (digest.empty() || !in)
    return fail("cannot read " + file);
  const uint64_t size = static_cast<uint64_t>(in.tellg());
  const std::string base = t.base_url + "/internal/cluster/uploads/" + t.task_id;
  std::vector<char> buf(std::max<uint64_t>(1, t.chunk));
  uint64_t offset = 0;
  int failures = 0;
  bool restarted = false;
  auto transient = [&](const reply& r) {
    if (++failures > max_failures)
      return false;
    log::warn("upload of task ", t.task_id, ": ", detail_of(r), "; retrying");
    std::this_thread::sleep_for(std::min(250ms * (1 << std::min(failures, 4)), 4000ms));
    return true;
  };
  for (;;) {
    while (offset < size) {
      if (cancel.cancelled())
        return fail("cancelled");
      auto n = std::min<uint64_t>(buf.size(), size - offset);
      in.seekg(static_cast<std::streamoff>(offset));
      in.read(buf.data(), static_cast<std::streamsize>(n));
      if (static_cast<uint64_t>(in.gcount()) != n)
        return fail("cannot read " + file);
      auto r = send("PUT", base + "?offset=" + std::to_string(offset), t.token,
                    std::string(buf.data(), n));
      if (r.status == 200 || r.status == 409) {
        auto got = received_of(r.body);
        if (!got || *got > size)
          return fail("unexpected answer: " + detail_of(r));
        offset = *got; // 409: the coordinator holds a different amount; resume from there
        failures = 0;
        on_chunk();
        continue;
      }
      if (r.status == 0 || r.status >= 500) {
        if (!transient(r))
          return fail(detail_of(r));
        continue;
      }
      return fail(detail_of(r)); // 403: superseded attempt; 4xx: a bug
    }
    auto r = send("POST",
                  base + "/commit?size=" + std::to_string(size) + "&sha256=" + digest +
                      "&name=" + url::percent_encode(name, true),
                  t.token, {});
    if (r.status == 200)
      return {true, {}};
    if (r.status == 409 && received_of(r.body)) {
      offset = *received_of(r.body);
      continue;
    }
    if (r.status == 422 && !restarted) {
      restarted = true; // damaged on the way: send it once more from the start
      offset = 0;
      continue;
    }
    if ((r.status == 0 || r.status >= 500) && transient(r))
      continue;
    return fail(detail_of(r));
  }
}

} // namespace cutqueue::cluster
