#include "tests/web/web_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace cutqueue::testing {

namespace {

namespace fs = std::filesystem;

std::string missing(const std::string& why) {
  if (std::getenv("CI") != nullptr)
    ADD_FAILURE() << why;
  else
    // GTEST_SKIP returns from the enclosing function, hence the lambda.
    [&] { GTEST_SKIP() << why; }();
  return {};
}

std::string in_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin");
  std::string dir;
  std::error_code ec;
  while (std::getline(dirs, dir, ':'))
    if (!dir.empty() && fs::exists(dir + "/" + name, ec))
      return dir + "/" + name;
  return {};
}

} // namespace

std::string web_script(const std::string& script) {
  return std::string(CUTQUEUE_SOURCE_DIR) + "/tests/web/" + script;
}

std::string node_or_skip() {
  auto node = in_path("node");
  if (node.empty())
    return missing("node not found (scripts/install-deps.sh installs nodejs)");
  std::error_code ec;
  if (!fs::exists(web_script("node_modules/.package-lock.json"), ec))
    return missing("tests/web has no node_modules: run npm ci --prefix tests/web "
                   "(scripts/install-deps.sh does)");
  return node;
}

std::string chromium_or_skip() {
  std::error_code ec;
  if (!fs::exists("/usr/bin/chromium", ec))
    return missing("/usr/bin/chromium not found (scripts/install-deps.sh installs chromium)");
  return "/usr/bin/chromium";
}

http_response post_draft(const cutqueue_server& srv, const std::string& route,
                         const std::string& draft_url) {
  return http_request(
      "POST", srv.api(route), nlohmann::json{{"draft_url", draft_url}}.dump(),
      {"Content-Type: application/json", std::string("Authorization: Bearer ") + web_key});
}

bool wait_for_status(const cutqueue_server& srv, const std::string& draft_url,
                     const std::vector<std::string>& statuses) {
  return wait_until(
      [&] {
        auto r = post_draft(srv, "gen_video_status", draft_url);
        auto j = nlohmann::json::parse(r.body, nullptr, false);
        if (r.status != 200 || !j.is_object())
          return false;
        for (auto& s : statuses)
          if (j.value("status", "") == s)
            return true;
        return false;
      },
      60s, 50ms);
}

} // namespace cutqueue::testing
