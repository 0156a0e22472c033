#include "tests/e2e/e2e_support.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace cutqueue::testing {

http_response submit(const cutqueue_server& srv, const std::string& draft_url) {
  return post_json(srv.api("gen_video"), nlohmann::json{{"draft_url", draft_url}}.dump());
}

http_response query(const cutqueue_server& srv, const std::string& draft_url) {
  return post_json(srv.api("gen_video_status"), nlohmann::json{{"draft_url", draft_url}}.dump());
}

nlohmann::json status_json(const cutqueue_server& srv, const std::string& draft_url) {
  auto r = query(srv, draft_url);
  if (r.status != 200)
    return nullptr;
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  return j.is_discarded() ? nlohmann::json{} : j;
}

nlohmann::json wait_terminal(const cutqueue_server& srv, const std::string& draft_url,
                             std::chrono::milliseconds deadline) {
  nlohmann::json last;
  wait_until(
      [&] {
        last = status_json(srv, draft_url);
        auto s = last.is_object() ? last.value("status", "") : "";
        return s == "completed" || s == "failed";
      },
      deadline, 100ms);
  return last;
}

bool wait_status(const cutqueue_server& srv, const std::string& draft_url,
                 const std::string& status, std::chrono::milliseconds deadline) {
  return wait_until(
      [&] {
        auto j = status_json(srv, draft_url);
        return j.is_object() && j.value("status", "") == status;
      },
      deadline, 50ms);
}

std::string detail(const http_response& r) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  return j.is_object() && j.contains("detail") && j["detail"].is_string()
             ? j["detail"].get<std::string>()
             : "<no detail in: " + r.body + ">";
}

std::string download(const std::string& url, const std::string& dir) {
  auto r = http_request("GET", url, {}, {}, 60s);
  if (r.status != 200)
    return {};
  auto path = dir + "/download.mp4";
  std::ofstream(path, std::ios::binary) << r.body;
  return path;
}

} // namespace cutqueue::testing
