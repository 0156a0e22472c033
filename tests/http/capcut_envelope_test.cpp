// capcut-mate's envelope texts and the per-request answer rules, exactly as upstream-facts.md
// states them.
#include "http/answer_context.hpp"
#include "http/api_request.hpp"
#include "http/capcut_envelope.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace cutqueue::http {
namespace {

using nlohmann::json;

TEST(CapcutEnvelope, LanguageIsTheFirstTagOfAcceptLanguage) {
  EXPECT_FALSE(wants_english(std::nullopt));
  EXPECT_FALSE(wants_english(""));
  EXPECT_TRUE(wants_english("en"));
  EXPECT_TRUE(wants_english("EN"));
  EXPECT_TRUE(wants_english("en-US,en;q=0.9"));
  EXPECT_TRUE(wants_english(" en-GB"));
  EXPECT_FALSE(wants_english("zh-CN,en;q=0.9"));
  EXPECT_FALSE(wants_english("fr"));
  // capcut-mate splits at ',' and '-' only: a quality value on the first tag is not "en".
  EXPECT_FALSE(wants_english("en;q=0.8"));
}

TEST(CapcutEnvelope, MessagesInBothLanguagesWithDetailInParentheses) {
  EXPECT_EQ(capcut_message(0, false), "成功");
  EXPECT_EQ(capcut_message(0, true), "Success");
  EXPECT_EQ(capcut_message(2001, false), "无效的草稿URL");
  EXPECT_EQ(capcut_message(2001, true), "Invalid draft URL");
  EXPECT_EQ(capcut_message(2031, false), "视频生成任务未找到");
  EXPECT_EQ(capcut_message(2031, true), "Video generation task not found");
  EXPECT_EQ(capcut_message(2032, true), "Video task status query failed");
  EXPECT_EQ(capcut_message(2030, true), "Video generation task submit failed");
  EXPECT_EQ(capcut_message(2036, false), "无效的 apiKey，请登录官网 https://jcaigc.cn 获取");
  EXPECT_EQ(capcut_message(2036, true),
            "Invalid apiKey. Please log in at https://jcaigc.cn to obtain one");
  EXPECT_EQ(capcut_message(1001, false, "draft_url: Field required"),
            "参数校验失败(draft_url: Field required)");
  EXPECT_EQ(capcut_message(1001, true, "draft_url: Field required"),
            "Parameter validation failed(draft_url: Field required)");
  EXPECT_EQ(capcut_message(9998, false, "boom"), "系统内部错误(boom)");
}

TEST(CapcutEnvelope, UndefinedCodesGetTheHttpErrorForm) {
  EXPECT_EQ(capcut_error_body(404, false, R"({"detail":"Not Found"})"),
            R"({"code":404,"message":"HTTP Error 404, detail: {\"detail\":\"Not Found\"}"})");
  EXPECT_EQ(capcut_message(405, true, "x"), "HTTP Error 405, detail: x");
}

TEST(CapcutEnvelope, SuccessPutsFieldsAtTopLevelAfterCodeAndMessage) {
  nlohmann::ordered_json fields{{"count", 3}};
  EXPECT_EQ(capcut_success_body(fields, false), R"({"code":0,"message":"成功","count":3})");
  EXPECT_EQ(capcut_success_body(fields, true), R"({"code":0,"message":"Success","count":3})");
  nlohmann::ordered_json own{{"message", "mine"}};
  EXPECT_EQ(capcut_success_body(own, true), R"({"code":0,"message":"mine"})");
}

TEST(AnswerContext, StyleHeaderOverridesTheDefaultOnlyWithAKnownStyle) {
  auto plain = response_style::plain;
  auto cm = response_style::capcut_mate;
  EXPECT_EQ(make_answer_context(std::nullopt, std::nullopt, std::nullopt, cm).style, cm);
  EXPECT_EQ(make_answer_context("plain", std::nullopt, std::nullopt, cm).style, plain);
  EXPECT_EQ(make_answer_context("capcut-mate", std::nullopt, std::nullopt, plain).style, cm);
  EXPECT_EQ(make_answer_context("bogus", std::nullopt, std::nullopt, cm).style, cm);
  EXPECT_TRUE(make_answer_context(std::nullopt, "en", std::nullopt, cm).english);
}

TEST(AnswerContext, KeepsASaneRequestIdAndMakesOneOtherwise) {
  auto keep = make_answer_context(std::nullopt, std::nullopt, "trace-42", response_style::plain);
  EXPECT_EQ(keep.request_id, "trace-42");
  for (std::string bad :
       {std::string{}, std::string(129, 'a'), std::string("a b"), std::string("x\x01y")}) {
    auto made = make_answer_context(std::nullopt, std::nullopt, bad, response_style::plain);
    EXPECT_EQ(made.request_id.size(), 32u) << bad;
  }
  EXPECT_NE(new_request_id(), new_request_id());
}

TEST(ApiRequestCodes, FollowWhatCapcutMateAnswers) {
  auto code_of = [](const std::string& body, draft_route route) {
    auto r = parse_draft_request(body, route);
    return r.error ? std::to_string(r.error->code) + " " + r.error->code_detail : "ok";
  };
  auto gv = draft_route::gen_video;
  auto st = draft_route::gen_video_status;
  EXPECT_EQ(code_of("{}", gv), "2001 ");
  EXPECT_EQ(code_of("{}", st), "1001 draft_url: Field required");
  EXPECT_EQ(code_of(R"({"draft_url": ""})", gv), "2001 ");
  EXPECT_EQ(code_of(R"({"draft_url": "http://h/x"})", st), "2001 ");
  EXPECT_EQ(code_of(R"({"draft_url": null})", gv),
            "1001 draft_url: Input should be a valid string");
  EXPECT_EQ(code_of(R"({"draft_url": 7})", st), "1001 draft_url: Input should be a valid string");
  EXPECT_EQ(code_of("[", gv), "1001 body: JSON decode error");
  EXPECT_EQ(code_of("[1]", gv), "1001 body: Input should be a valid dictionary");
  EXPECT_EQ(code_of(R"({"draft_url": "http://h/x?draft_id=1"})", gv), "ok");
}

} // namespace
} // namespace cutqueue::http
