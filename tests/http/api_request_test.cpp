// The request parser decides most 400s of the contract: check every case and its exact text.
#include "http/api_request.hpp"

#include <gtest/gtest.h>

namespace cutqueue::http {
namespace {

draft_request parse(const std::string& body, draft_route route = draft_route::gen_video) {
  return parse_draft_request(body, route);
}

std::string error_of(const std::string& body, draft_route route = draft_route::gen_video) {
  auto r = parse(body, route);
  return r.error ? std::to_string(r.error->status) + " " + r.error->detail : "ok";
}

TEST(ApiRequest, AcceptsAValidDraftUrlAndTrimsIt) {
  auto r = parse(R"({"draft_url": "  https://h.example/v1/get_draft?draft_id=2025abc \t"})");
  ASSERT_FALSE(r.error);
  EXPECT_EQ(r.draft_url, "https://h.example/v1/get_draft?draft_id=2025abc");
}

TEST(ApiRequest, IgnoresUnknownFields) {
  auto r = parse(R"({"draft_url": "http://h/x?draft_id=1", "apiKey": null, "x": [1]})");
  EXPECT_FALSE(r.error);
}

TEST(ApiRequest, RequiresDraftUrl) {
  for (auto body :
       {R"({})", R"({"draft_url": null})", R"({"draft_url": ""})", R"({"draft_url": " \n "})"})
    EXPECT_EQ(error_of(body), "400 draft_url is required") << body;
}

TEST(ApiRequest, RejectsBodiesThatAreNotObjects) {
  for (auto body : {"", " ", "[]", "1", "\"s\"", "null", "{", "{\"draft_url\": \"a\"", "\xff\xfe"})
    EXPECT_EQ(error_of(body), "400 Invalid JSON body") << body;
}

TEST(ApiRequest, MalformedUrlTextDependsOnTheRoute) {
  for (auto body :
       {R"({"draft_url": 1})", R"({"draft_url": {}})", R"({"draft_url": "x"})",
        R"({"draft_url": "file:///etc/passwd?draft_id=1"})",
        R"({"draft_url": "http://?draft_id=1"})", R"({"draft_url": "http://h/p"})",
        R"({"draft_url": "http://h/p?draft_id="})", R"({"draft_url": "http://h/p?draft_id=%20"})",
        R"({"draft_url": "http://h p/?draft_id=1"})",
        R"({"draft_url": "http://u:pw@h/?draft_id=1"})"}) {
    EXPECT_EQ(error_of(body), "400 Invalid draft_url format") << body;
    EXPECT_EQ(error_of(body, draft_route::gen_video_status), "400 Invalid draft URL") << body;
  }
}

TEST(ApiRequest, LengthLimitIs2048Characters) {
  std::string base = "http://h/p?draft_id=1&pad=";
  auto at_limit = base + std::string(2048 - base.size(), 'a');
  auto over = at_limit + "a";
  EXPECT_EQ(error_of(R"({"draft_url": ")" + at_limit + "\"}"), "ok");
  EXPECT_EQ(error_of(R"({"draft_url": ")" + over + "\"}"), "400 Invalid draft_url format");
}

TEST(ApiRequest, ErrorBodyIsJsonWithDetail) {
  EXPECT_EQ(error_body("Service busy"), R"({"detail":"Service busy"})");
}

} // namespace
} // namespace cutqueue::http
