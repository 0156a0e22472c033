// GET / in Debian's chromium (tests/web/status_page_check.mjs): the login with the key, a
// running task's bar growing between polls, markup from a client's draft URL shown as text, and
// a finished task's video playing in the page. Screenshots land in the test's working folder
// (build/tests/status_page_*.png).
#include "tests/support/drafts.hpp"
#include "tests/web/web_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace cutqueue::testing {
namespace {

TEST(StatusPage, LoginProgressEscapingAndPlayback) {
  auto node = node_or_skip();
  if (node.empty())
    return;
  if (chromium_or_skip().empty())
    return;
  temp_dir drafts{"cutqueue-page-drafts"};
  // Slow on purpose: throttled downloads move the bar through 5-30 %, then a 640x360 render
  // on one thread through 30-95 %.
  ASSERT_TRUE(write_color_draft(drafts.path(), "20260101page",
                                {{"red", 3.0, 440}, {"green", 3.0, 550}, {"blue", 3.0, 660}}, 640,
                                360));
  fixture_server fixtures{{drafts.path()}};
  ASSERT_NE(fixtures.port(), 0);
  temp_dir data{"cutqueue-page"};
  cutqueue_server srv{data.path(), {"--api-key", web_key, "--render-threads", "1"}};

  // Submitted by the script once the page is open.
  const auto slow = fixtures.draft_url("20260101page", "rate=4000");
  // Its files answer 404, so the task fails with an error message that quotes a file URL,
  // which carries the markup as the fixture server copies the query onto file URLs.
  const auto markup =
      fixtures.draft_url("20260101page", "file_status=404&x=<img/src=x/onerror=window.__xss=1>");
  auto r = post_draft(srv, "gen_video", markup);
  ASSERT_EQ(r.status, 200) << r.body;

  const auto out = std::filesystem::current_path().string();
  auto result =
      run({node, web_script("status_page_check.mjs"), srv.base_url(), web_key, slow, markup, out},
          280s);
  std::cout << result.out << "screenshots: " << out << "/status_page_*.png\n";
  EXPECT_EQ(result.exit_code, 0) << result.out;
}

} // namespace
} // namespace cutqueue::testing
