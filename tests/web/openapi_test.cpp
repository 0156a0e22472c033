// GET /openapi.json against a live server: tests/web/openapi_check.mjs validates the document
// (OpenAPI 3.1, and every example against its schema) and replays each example's x-request,
// in both response styles, checking the live answers against the document.
#include "tests/support/drafts.hpp"
#include "tests/web/web_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace cutqueue::testing {
namespace {

TEST(OpenApi, DocumentIsValidAndEveryExampleMatchesTheLiveServer) {
  auto node = node_or_skip();
  if (node.empty())
    return;
  temp_dir drafts{"cutqueue-openapi-drafts"};
  ASSERT_TRUE(write_color_draft(drafts.path(), "20260101slow", {{"red", 1.0, 440}}));
  fixture_server fixtures{{drafts.path()}};
  ASSERT_NE(fixtures.port(), 0);
  temp_dir data{"cutqueue-openapi"};
  cutqueue_server srv{data.path(), {"--api-key", web_key}};

  // What the examples' x-requests name: a task that failed (get_draft answers 404), and two
  // that stay processing (their files come after a minute) for the two styles' cancels.
  const auto finished = fixtures.draft_url("20260101gone", "status=404");
  const auto slow_plain = fixtures.draft_url("20260101slow", "delay_ms=60000&q=plain");
  const auto slow_capcut = fixtures.draft_url("20260101slow", "delay_ms=60000&q=capcut");
  for (auto& url : {finished, slow_plain, slow_capcut})
    ASSERT_EQ(post_draft(srv, "gen_video", url).status, 200) << url;
  ASSERT_TRUE(wait_for_status(srv, finished, {"failed"}));
  ASSERT_TRUE(wait_for_status(srv, slow_plain, {"processing"}));
  ASSERT_TRUE(wait_for_status(srv, slow_capcut, {"processing"}));

  nlohmann::json placeholders = {{"key", web_key},
                                 {"finished_draft", finished},
                                 {"slow_draft_plain", slow_plain},
                                 {"slow_draft_capcut", slow_capcut}};
  auto result = run({node, web_script("openapi_check.mjs"), srv.base_url(),
                     std::string(CUTQUEUE_SOURCE_DIR) + "/http/openapi.json", placeholders.dump()},
                    120s);
  std::cout << result.out;
  EXPECT_EQ(result.exit_code, 0) << result.out;
}

} // namespace
} // namespace cutqueue::testing
