// --response-style capcut-mate through the real binary: every route and error answers HTTP 200
// with capcut-mate's code and message (upstream-facts.md), Chinese by default and English for
// Accept-Language: en; X-Response-Style switches one request; X-Request-ID is on every answer.
#include "tests/e2e/e2e_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

namespace cutqueue::testing {
namespace {

using nlohmann::json;

constexpr const char* slow_draft = "20261129000000capcut01";

/// POSTs `body` with extra header lines.
http_response post(const std::string& url, const std::string& body,
                   std::vector<std::string> headers = {}) {
  headers.push_back("Content-Type: application/json");
  return http_request("POST", url, body, headers);
}

json body_of(const http_response& r) {
  return json::parse(r.body, nullptr, false);
}

json envelope(int code, const std::string& message) {
  return json{{"code", code}, {"message", message}};
}

class CapcutStyle : public ::testing::Test {
protected:
  temp_dir data{"cutqueue-capcut"};
  cutqueue_server srv{data.path(), {"--response-style", "capcut-mate"}};
  std::string url = "http://127.0.0.1:9/openapi/capcut-mate/v1/get_draft?draft_id=20250101abc";
};

TEST_F(CapcutStyle, GenVideoAcceptsWithCapcutMatesChineseTextInEitherLanguage) {
  const auto accepted = envelope(0, "视频生成任务已提交，请使用draft_url查询进度");
  auto r = post(srv.api("gen_video"), json{{"draft_url", url}}.dump());
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, accepted.dump());
  r = post(srv.api("gen_video"), json{{"draft_url", url}}.dump(), {"Accept-Language: en"});
  EXPECT_EQ(body_of(r), accepted);
}

TEST_F(CapcutStyle, GenVideoErrorsAreHttp200WithTheirCodes) {
  struct row {
    std::string body;
    json zh, en;
  };
  const json bad_url_zh = envelope(2001, "无效的草稿URL");
  const json bad_url_en = envelope(2001, "Invalid draft URL");
  const json not_string_zh =
      envelope(1001, "参数校验失败(draft_url: Input should be a valid string)");
  const json not_string_en =
      envelope(1001, "Parameter validation failed(draft_url: Input should be a valid string)");
  std::vector<row> rows = {
      {"{}", bad_url_zh, bad_url_en},
      {R"({"draft_url": ""})", bad_url_zh, bad_url_en},
      {R"({"draft_url": "http://h/get_draft"})", bad_url_zh, bad_url_en},
      {R"({"draft_url": "not a url"})", bad_url_zh, bad_url_en},
      {R"({"draft_url": null})", not_string_zh, not_string_en},
      {R"({"draft_url": 42})", not_string_zh, not_string_en},
      {"not json", envelope(1001, "参数校验失败(body: JSON decode error)"),
       envelope(1001, "Parameter validation failed(body: JSON decode error)")},
  };
  for (auto& x : rows) {
    auto zh = post(srv.api("gen_video"), x.body);
    EXPECT_EQ(zh.status, 200) << x.body;
    EXPECT_EQ(body_of(zh), x.zh) << x.body;
    auto en = post(srv.api("gen_video"), x.body, {"Accept-Language: en-US,en;q=0.9"});
    EXPECT_EQ(en.status, 200) << x.body;
    EXPECT_EQ(body_of(en), x.en) << x.body;
  }
}

TEST_F(CapcutStyle, StatusAnswersInTheEnvelope) {
  auto r = post(srv.api("gen_video_status"), "{}");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(body_of(r), envelope(1001, "参数校验失败(draft_url: Field required)"));
  r = post(srv.api("gen_video_status"), "{}", {"Accept-Language: en"});
  EXPECT_EQ(body_of(r), envelope(1001, "Parameter validation failed(draft_url: Field required)"));
  r = post(srv.api("gen_video_status"), json{{"draft_url", url}}.dump());
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(body_of(r), envelope(2031, "视频生成任务未找到"));
  r = post(srv.api("gen_video_status"), json{{"draft_url", url}}.dump(), {"Accept-Language: en"});
  EXPECT_EQ(body_of(r), envelope(2031, "Video generation task not found"));

  ASSERT_EQ(body_of(post(srv.api("gen_video"), json{{"draft_url", url}}.dump()))["code"], 0);
  for (auto [lang, text] : {std::pair{"zh-CN", "成功"}, std::pair{"en", "Success"}}) {
    auto found = body_of(post(srv.api("gen_video_status"), json{{"draft_url", url}}.dump(),
                              {std::string("Accept-Language: ") + lang}));
    ASSERT_TRUE(found.is_object());
    EXPECT_EQ(found.size(), 10u) << found.dump();
    EXPECT_EQ(found["code"], 0);
    EXPECT_EQ(found["message"], text);
    EXPECT_EQ(found["draft_url"], url);
    for (auto field : {"status", "progress", "video_url", "error_message", "created_at",
                       "started_at", "completed_at"})
      EXPECT_TRUE(found.contains(field)) << field;
    // The order capcut-mate's clients see: code and message first.
    EXPECT_EQ(found.begin().key(), "code");
  }
}

TEST_F(CapcutStyle, ActiveCountUnknownRoutesAndWrongMethods) {
  auto r = http_get(srv.api("gen_video_active_count"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"code":0,"message":"成功","count":0})");
  r = http_get(srv.api("gen_video_active_count"), {"Accept-Language: en"});
  EXPECT_EQ(r.body, R"({"code":0,"message":"Success","count":0})");
  r = http_get(srv.base_url() + "/openapi/capcut-mate/v1/no_such_route");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            R"({"code":404,"message":"HTTP Error 404, detail: {\"detail\":\"Not Found\"}"})");
  r = http_get(srv.api("gen_video_status"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(body_of(r),
            envelope(405, R"(HTTP Error 405, detail: {"detail":"Method Not Allowed"})"));
  // Outside the API the answers stay what they are.
  r = http_get(srv.base_url() + "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(body_of(r), json({{"status", "ok"}}));
}

TEST_F(CapcutStyle, PlainHeaderGivesOneRequestTheDocumentedContract) {
  auto r = post(srv.api("gen_video_status"), json{{"draft_url", url}}.dump(),
                {"X-Response-Style: plain"});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(body_of(r), json({{"detail", "Video generation task not found"}}));
  r = post(srv.api("gen_video"), "{}", {"X-Response-Style: plain"});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r), json({{"detail", "draft_url is required"}}));
  // Unknown values leave the server's style.
  r = post(srv.api("gen_video"), "{}", {"X-Response-Style: xml"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(body_of(r)["code"], 2001);
}

TEST_F(CapcutStyle, EveryAnswerCarriesARequestId) {
  std::vector<http_response> answers = {
      post(srv.api("gen_video"), json{{"draft_url", url}}.dump()),
      post(srv.api("gen_video"), "{}"),
      post(srv.api("gen_video_status"), json{{"draft_url", url}}.dump()),
      http_get(srv.api("gen_video_active_count")),
      http_get(srv.base_url() + "/healthz"),
      http_get(srv.base_url() + "/outputs/missing.mp4"),
      http_get(srv.base_url() + "/no/such/route"),
  };
  std::set<std::string> ids;
  for (auto& r : answers) {
    EXPECT_EQ(r.headers["x-request-id"].size(), 32u) << r.status << " " << r.body;
    ids.insert(r.headers["x-request-id"]);
  }
  EXPECT_EQ(ids.size(), answers.size()) << "request ids must differ";
  auto given = post(srv.api("gen_video_status"), "{}", {"X-Request-ID: client-trace-7"});
  EXPECT_EQ(given.headers["x-request-id"], "client-trace-7");
}

TEST(CapcutStyleKeys, MissingOrWrongKeyIs2036) {
  temp_dir data{"cutqueue-capcut-keys"};
  cutqueue_server srv{data.path(), {"--response-style", "capcut-mate", "--api-key", "k-123"}};
  auto url = "http://127.0.0.1:9/x?draft_id=1";
  for (auto route : {"gen_video", "gen_video_status"}) {
    auto r = post(srv.api(route), json{{"draft_url", url}}.dump());
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(body_of(r), envelope(2036, "无效的 apiKey，请登录官网 https://jcaigc.cn 获取"));
    r = post(srv.api(route), json{{"draft_url", url}, {"apiKey", "wrong"}}.dump(),
             {"Accept-Language: en"});
    EXPECT_EQ(body_of(r),
              envelope(2036, "Invalid apiKey. Please log in at https://jcaigc.cn to obtain one"));
  }
  auto ok = post(srv.api("gen_video"), json{{"draft_url", url}, {"apiKey", "k-123"}}.dump());
  EXPECT_EQ(body_of(ok)["code"], 0);
  EXPECT_EQ(body_of(http_get(srv.api("gen_video_active_count")))["code"], 2036);
}

TEST(CapcutStyleEnv, EnvironmentTwinAndHeaderOnAPlainServer) {
  temp_dir data{"cutqueue-capcut-env"};
  auto url = "http://127.0.0.1:9/x?draft_id=1";
  {
    cutqueue_server srv{data.path(), {}, true, {{"CUTQUEUE_RESPONSE_STYLE", "capcut-mate"}}};
    auto r = post(srv.api("gen_video_status"), json{{"draft_url", url}}.dump());
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(body_of(r)["code"], 2031);
  }
  temp_dir data2{"cutqueue-capcut-plain"};
  cutqueue_server plain{data2.path()};
  auto r = post(plain.api("gen_video_status"), json{{"draft_url", url}}.dump());
  EXPECT_EQ(r.status, 404);
  r = post(plain.api("gen_video_status"), json{{"draft_url", url}}.dump(),
           {"X-Response-Style: capcut-mate", "Accept-Language: en"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(body_of(r), envelope(2031, "Video generation task not found"));
}

TEST(CapcutStyleBusy, FullQueueHasItsOwnCode) {
  temp_dir drafts{"cutqueue-capcut-drafts"};
  ASSERT_TRUE(write_color_draft(drafts.path(), slow_draft, {{"red", 1.0, 440}}));
  fixture_server fixtures{{drafts.path()}};
  temp_dir data{"cutqueue-capcut-busy"};
  cutqueue_server srv{
      data.path(),
      {"--response-style", "capcut-mate", "--max-concurrent-exports", "1", "--max-queued", "1"}};
  auto url = [&](int i) {
    return fixtures.draft_url(slow_draft, "delay_ms=3000&q=" + std::to_string(i));
  };
  auto submit_code = [&](int i, std::vector<std::string> headers = {}) {
    return body_of(post(srv.api("gen_video"), json{{"draft_url", url(i)}}.dump(), headers));
  };
  ASSERT_EQ(submit_code(0)["code"], 0);
  ASSERT_TRUE(wait_until(
      [&] {
        auto j = body_of(post(srv.api("gen_video_status"), json{{"draft_url", url(0)}}.dump()));
        return j.value("status", "") == "processing";
      },
      30s));
  ASSERT_EQ(submit_code(1)["code"], 0);
  EXPECT_EQ(submit_code(2), envelope(2901, "服务繁忙，请稍后重试"));
  EXPECT_EQ(submit_code(2, {"Accept-Language: en"}),
            envelope(2901, "Service busy, please try again later"));
}

} // namespace
} // namespace cutqueue::testing
