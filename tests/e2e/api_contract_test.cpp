// Every row of api.md's tables against the real binary: status codes and exact bodies.
#include "tests/e2e/e2e_support.hpp"
#include "tests/support/raw_connection.hpp"

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace cutqueue::testing {
namespace {

using nlohmann::json;

class ApiContract : public ::testing::Test {
protected:
  temp_dir data{"cutqueue-api"};
  cutqueue_server srv{data.path()};
  // Never fetched in these tests: the address is closed, so a task made here just fails.
  std::string url = "http://127.0.0.1:9/openapi/capcut-mate/v1/get_draft?draft_id=20250101abc";
};

TEST_F(ApiContract, GenVideoAcceptsAndAnswersTheContractMessage) {
  auto r = submit(srv, url);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body),
            json({{"message",
                   "Video generation task submitted, please use draft_url to check progress"}}));
  EXPECT_EQ(r.headers["content-type"], "application/json");
}

TEST_F(ApiContract, GenVideoRejectsMissingNullOrEmptyDraftUrl) {
  for (auto body : {R"({})", R"({"draft_url": null})", R"({"draft_url": ""})",
                    R"({"draft_url": "   "})", R"({"other": 1})"}) {
    auto r = post_json(srv.api("gen_video"), body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(detail(r), "draft_url is required") << body;
  }
}

TEST_F(ApiContract, GenVideoRejectsMalformedDraftUrls) {
  std::string long_url = "http://h/get_draft?draft_id=x&pad=" + std::string(2100, 'a');
  for (json bad : {json(42), json(true), json::array({url}), json("not a url"),
                   json("ftp://h/get_draft?draft_id=1"), json("/get_draft?draft_id=1"),
                   json("http://h/get_draft"), json("http://h/get_draft?draft_id="),
                   json("http://h/get_draft?id=1"), json(long_url)}) {
    auto r = post_json(srv.api("gen_video"), json{{"draft_url", bad}}.dump());
    EXPECT_EQ(r.status, 400) << bad.dump().substr(0, 80);
    EXPECT_EQ(detail(r), "Invalid draft_url format") << bad.dump().substr(0, 80);
  }
}

TEST_F(ApiContract, GenVideoRejectsBodiesThatAreNotJsonObjects) {
  for (auto body : {"", "not json", "[1,2]", "\"draft_url\"", "{\"draft_url\": ", "null"}) {
    auto r = post_json(srv.api("gen_video"), body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(detail(r), "Invalid JSON body") << body;
  }
}

TEST_F(ApiContract, GenVideoRefusesBodiesAboveTheLimit) {
  auto body = json{{"draft_url", url}, {"pad", std::string(70 * 1024, 'x')}}.dump();
  auto r = post_json(srv.api("gen_video"), body);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(detail(r), "Request body too large");
  // Just under the limit is fine (unknown fields are ignored).
  auto ok = post_json(srv.api("gen_video"),
                      json{{"draft_url", url}, {"pad", std::string(60 * 1024, 'x')}}.dump());
  EXPECT_EQ(ok.status, 200);
}

TEST_F(ApiContract, StatusErrorsFollowTheContract) {
  auto r = post_json(srv.api("gen_video_status"), "{}");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(detail(r), "draft_url is required");
  r = post_json(srv.api("gen_video_status"), R"({"draft_url": "http://h/x"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(detail(r), "Invalid draft URL");
  r = post_json(srv.api("gen_video_status"), R"({"draft_url": 7})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(detail(r), "Invalid draft URL");
  r = post_json(srv.api("gen_video_status"), "[");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(detail(r), "Invalid JSON body");
  r = query(srv, url);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(detail(r), "Video generation task not found");
}

TEST_F(ApiContract, StatusHasTheEightFieldsWithTheirTypes) {
  ASSERT_EQ(submit(srv, url).status, 200);
  auto j = status_json(srv, url);
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j.size(), 8u);
  EXPECT_EQ(j["draft_url"], url);
  EXPECT_TRUE(j["status"] == "pending" || j["status"] == "processing" || j["status"] == "failed");
  EXPECT_TRUE(j["progress"].is_number_integer());
  EXPECT_TRUE(j["video_url"].is_string());
  EXPECT_TRUE(j["error_message"].is_string());
  // ISO 8601 UTC with milliseconds: 2024-09-24T10:30:00.000Z
  auto created = j["created_at"].get<std::string>();
  ASSERT_EQ(created.size(), 24u) << created;
  EXPECT_EQ(created[10], 'T');
  EXPECT_EQ(created[19], '.');
  EXPECT_EQ(created.back(), 'Z');
  EXPECT_TRUE(j["started_at"].is_null() || j["started_at"].is_string());
  EXPECT_TRUE(j["completed_at"].is_null() || j["completed_at"].is_string());
}

TEST_F(ApiContract, DraftUrlIsTrimmedButOtherwiseExact) {
  ASSERT_EQ(submit(srv, "  " + url + "\n").status, 200);
  auto j = status_json(srv, url);
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["draft_url"], url);
  // A different string is a different task, even with the same draft_id.
  EXPECT_EQ(query(srv, url + "&x=1").status, 404);
}

TEST_F(ApiContract, ActiveCountHealthzAndUnknownRoutes) {
  auto r = http_get(srv.api("gen_video_active_count"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body), json({{"count", 0}}));
  r = http_get(srv.base_url() + "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body), json({{"status", "ok"}}));
  r = http_get(srv.base_url() + "/no/such/route");
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(json::parse(r.body, nullptr, false).is_object()) << r.body;
  r = http_get(srv.api("gen_video_status"));
  EXPECT_GE(r.status, 400);
  EXPECT_LT(r.status, 500);
}

TEST_F(ApiContract, Http11ConnectionsStayOpenWithoutAConnectionHeader) {
  // One libcurl handle, two requests, no Connection header: the second must reuse the first's
  // TCP connection (Pistache 0.0.5 would close it after every answer).
  CURL* h = curl_easy_init();
  ASSERT_NE(h, nullptr);
  auto url_text = srv.base_url() + "/healthz";
  std::string sink;
  curl_easy_setopt(h, CURLOPT_URL, url_text.c_str());
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(
      h, CURLOPT_WRITEFUNCTION, +[](char* p, size_t n, size_t m, void* out) {
        static_cast<std::string*>(out)->append(p, n * m);
        return n * m;
      });
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  long connects = -1;
  ASSERT_EQ(curl_easy_perform(h), CURLE_OK);
  curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
  EXPECT_EQ(connects, 1);
  ASSERT_EQ(curl_easy_perform(h), CURLE_OK);
  curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
  EXPECT_EQ(connects, 0) << "the second request opened a new connection";
  curl_easy_cleanup(h);
}

TEST_F(ApiContract, OutputsRefuseEscapesAndUnknownFiles) {
  // Targets with valid output names right outside the folder, an existing dot-file, a symlink
  // that leads out: each would be served by a server that trusted the path. Sent on a plain
  // socket, byte for byte: libcurl would resolve "/outputs/../x" to "/x" before sending.
  const std::string outputs = data.path() + "/outputs";
  std::ofstream(data.path() + "/secret.mp4") << "SECRET";
  std::ofstream(outputs + "/.hidden.mp4") << "SECRET";
  std::filesystem::create_symlink("../secret.mp4", outputs + "/link.mp4");
  std::ofstream(outputs + "/ok.mp4") << "PUBLISHED";
  for (auto target :
       {"/outputs/nope.mp4", "/outputs/../secret.mp4", "/outputs/..%2Fsecret.mp4",
        "/outputs/%2e%2e%2fsecret.mp4", "/outputs/%2E%2E/secret.mp4", "/outputs/..%2fcutqueue.lock",
        "/outputs/%2e%2e", "/outputs/.hidden.mp4", "/outputs/%2ehidden.mp4", "/outputs/link.mp4",
        "/outputs/ok.mp4/..%2F..%2Fsecret.mp4", "/outputs/ok.mp4%00"}) {
    raw_connection c(srv.port());
    ASSERT_TRUE(c.ok());
    auto r = c.exchange(
        std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5s);
    EXPECT_EQ(raw_status(r), 404) << target << ":\n" << r;
    EXPECT_EQ(r.find("SECRET"), std::string::npos) << target;
  }
  // The same socket and request form serve a published file, so the 404s above are refusals.
  raw_connection c(srv.port());
  auto ok = c.exchange("GET /outputs/ok.mp4 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5s);
  EXPECT_EQ(raw_status(ok), 200) << ok;
  EXPECT_NE(ok.find("\r\n\r\nPUBLISHED"), std::string::npos) << ok;
}

} // namespace
} // namespace cutqueue::testing
