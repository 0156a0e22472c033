// The security flags against the real binary: --deny-private-networks and the download limits
// fail tasks with clear messages; --api-key / --api-key-file guard every /openapi/... route.
#include "tests/e2e/e2e_support.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace cutqueue::testing {
namespace {

using nlohmann::json;

TEST(SecurityE2e, DenyPrivateNetworksFailsTheTaskWithoutContactingTheServer) {
  temp_dir drafts("sec-drafts");
  fixture_server fx({drafts.path()});
  ASSERT_NE(fx.port(), 0);
  temp_dir data("sec-deny");
  cutqueue_server srv(data.path(), {"--deny-private-networks"});
  auto url = fx.draft_url("20260101deny");
  ASSERT_EQ(submit(srv, url).status, 200);
  auto j = wait_terminal(srv, url, 60s);
  EXPECT_EQ(j["status"], "failed") << j.dump();
  EXPECT_EQ(j["error_message"], "Material inaccessible: " + url + " (address not allowed)");
  EXPECT_EQ(fx.request_count("/"), 0);
}

TEST(SecurityE2e, FileLargerThanTheLimitFailsTheTask) {
  temp_dir drafts("sec-drafts");
  ASSERT_TRUE(write_color_draft(drafts.path(), "20260101big", {{"red", 1, 440}}));
  fixture_server fx({drafts.path()});
  ASSERT_NE(fx.port(), 0);
  temp_dir data("sec-limit");
  cutqueue_server srv(data.path(), {"--max-download-size", "1k"});
  auto url = fx.draft_url("20260101big");
  ASSERT_EQ(submit(srv, url).status, 200);
  auto j = wait_terminal(srv, url, 60s);
  EXPECT_EQ(j["status"], "failed") << j.dump();
  auto msg = j["error_message"].get<std::string>();
  EXPECT_EQ(msg.rfind("Material inaccessible: " + fx.base_url() + "/output/draft/20260101big/", 0),
            0u)
      << msg;
  EXPECT_NE(msg.find(" (larger than 1 KiB)"), std::string::npos) << msg;
}

TEST(SecurityE2e, TaskDownloadLimitFailsTheTask) {
  temp_dir drafts("sec-drafts");
  ASSERT_TRUE(write_color_draft(drafts.path(), "20260101sum", {{"red", 1, 440}, {"blue", 1, 880}}));
  fixture_server fx({drafts.path()});
  ASSERT_NE(fx.port(), 0);
  temp_dir data("sec-task-limit");
  cutqueue_server srv(data.path(), {"--max-task-download", "2k"});
  auto url = fx.draft_url("20260101sum");
  ASSERT_EQ(submit(srv, url).status, 200);
  auto j = wait_terminal(srv, url, 60s);
  EXPECT_EQ(j["status"], "failed") << j.dump();
  auto msg = j["error_message"].get<std::string>();
  EXPECT_EQ(msg.rfind("Material inaccessible: ", 0), 0u) << msg;
  EXPECT_NE(msg.find(" (task downloads larger than 2 KiB)"), std::string::npos) << msg;
}

/// A server with two keys from flags and two from a key file.
class ApiKeysE2e : public ::testing::Test {
protected:
  static std::string write_key_file(const std::string& dir) {
    auto path = dir + "/keys.txt";
    std::ofstream(path) << "# keys for the ops team\n\nfile-key-7f3a\n  file-key-91bc  \n";
    return path;
  }

  http_response post(const std::string& route, const std::string& body,
                     std::vector<std::string> headers = {}) {
    headers.push_back("Content-Type: application/json");
    return http_request("POST", srv.api(route), body, headers);
  }

  temp_dir data{"cutqueue-keys"};
  std::string key_file = write_key_file(data.path());
  cutqueue_server srv{
      data.path(),
      {"--api-key", "flag-key-1d2e", "--api-key", "flag-key-3c4d", "--api-key-file", key_file}};
  // Never fetched successfully: the port is closed, so a task made here just fails.
  std::string url = "http://127.0.0.1:9/openapi/capcut-mate/v1/get_draft?draft_id=20250101key";
  std::string body = json{{"draft_url", url}}.dump();
};

TEST_F(ApiKeysE2e, MissingOrWrongKeysAre401OnEveryApiRoute) {
  struct attempt {
    std::string route, body;
    std::vector<std::string> headers;
  };
  const std::string wrong_body = json{{"draft_url", url}, {"apiKey", "wrong-key-0000"}}.dump();
  for (const auto& a : std::vector<attempt>{
           {"gen_video", body, {}},
           {"gen_video", body, {"Authorization: Bearer wrong-key-0000"}},
           {"gen_video", body, {"Authorization: Basic ZmxhZy1rZXktMWQyZTo="}},
           {"gen_video", body, {"Authorization: flag-key-1d2e"}},
           {"gen_video", wrong_body, {}},
           {"gen_video_status", body, {}},
           {"gen_video_status", wrong_body, {"Authorization: Bearer flag-key-1d2"}},
           {"no_such_route", body, {}}}) {
    auto r = post(a.route, a.body, a.headers);
    EXPECT_EQ(r.status, 401) << a.route << " " << a.body;
    EXPECT_EQ(r.body, R"({"detail":"Invalid API key"})") << a.route;
  }
  auto count = http_get(srv.api("gen_video_active_count"));
  EXPECT_EQ(count.status, 401);
  EXPECT_EQ(detail(count), "Invalid API key");
  // Nothing was submitted by the refused requests.
  auto ok = http_get(srv.api("gen_video_active_count"), {"Authorization: Bearer flag-key-1d2e"});
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(json::parse(ok.body)["count"], 0);
}

TEST_F(ApiKeysE2e, RightKeyInTheHeaderOrTheBodyIsAccepted) {
  auto r = post("gen_video", body, {"Authorization: Bearer flag-key-1d2e"});
  EXPECT_EQ(r.status, 200) << r.body;
  r = post("gen_video_status", body, {"Authorization: bearer flag-key-3c4d"});
  EXPECT_EQ(r.status, 200) << r.body;
  // capcut-mate clients: the apiKey body field, here a key from the file.
  auto other = "http://127.0.0.1:9/openapi/capcut-mate/v1/get_draft?draft_id=20250101other";
  r = post("gen_video", json{{"draft_url", other}, {"apiKey", "file-key-91bc"}}.dump());
  EXPECT_EQ(r.status, 200) << r.body;
  r = post("gen_video_status", json{{"draft_url", other}, {"apiKey", "file-key-7f3a"}}.dump());
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["draft_url"], other);
  // GET: the header only.
  auto count = http_get(srv.api("gen_video_active_count"), {"Authorization: Bearer file-key-7f3a"});
  EXPECT_EQ(count.status, 200) << count.body;
}

TEST_F(ApiKeysE2e, KeyIsCheckedBeforeTheRequestFormat) {
  // Without a key a malformed request is 401, not 400: nothing about the format leaks.
  for (const char* bad : {"not json", "{}", R"({"draft_url": "nope"})"}) {
    EXPECT_EQ(post("gen_video", bad).status, 401) << bad;
    auto r = post("gen_video", bad, {"Authorization: Bearer flag-key-1d2e"});
    EXPECT_EQ(r.status, 400) << bad;
  }
  EXPECT_EQ(detail(post("gen_video", "{}", {"Authorization: Bearer flag-key-1d2e"})),
            "draft_url is required");
  // A body over the limit is refused before it is parsed, also for its apiKey.
  auto big =
      json{{"draft_url", url}, {"apiKey", "flag-key-1d2e"}, {"pad", std::string(70000, 'x')}};
  EXPECT_EQ(post("gen_video", big.dump()).status, 413);
}

TEST_F(ApiKeysE2e, HealthAndOutputsStayOpen) {
  EXPECT_EQ(http_get(srv.base_url() + "/healthz").status, 200);
  auto out = http_get(srv.base_url() + "/outputs/nothing.mp4");
  EXPECT_EQ(out.status, 404);
}

TEST_F(ApiKeysE2e, KeysAreNeverLogged) {
  post("gen_video", body, {"Authorization: Bearer flag-key-1d2e"});
  post("gen_video", body, {"Authorization: Bearer wrong-key-0000"});
  post("gen_video_status", json{{"draft_url", url}, {"apiKey", "file-key-91bc"}}.dump());
  auto log = srv.log_text();
  ASSERT_FALSE(log.empty());
  for (const char* key :
       {"flag-key-1d2e", "flag-key-3c4d", "file-key-7f3a", "file-key-91bc", "wrong-key-0000"})
    EXPECT_EQ(log.find(key), std::string::npos) << key;
}

TEST(ApiKeysStartup, BadKeyFileStopsTheServerWithoutShowingKeys) {
  temp_dir data("cutqueue-badkeys");
  auto path = data.path() + "/keys.txt";
  std::ofstream(path) << "good-key\nsecret with a space\n";
  auto r = run(
      {CUTQUEUE_BINARY, "serve", "--data-dir", data.path(), "--port", "0", "--api-key-file", path},
      10s);
  // A clean non-zero exit, not a server that started (the timeout would kill it: -1).
  EXPECT_GT(r.exit_code, 0);
  EXPECT_LT(r.exit_code, 128);
}

} // namespace
} // namespace cutqueue::testing
