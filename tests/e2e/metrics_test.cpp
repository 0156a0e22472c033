// GET /metrics after real exports: the series users chart (tasks, exports by outcome and
// reason, durations, downloads and cache hits, HTTP answers, store commits) have the values the
// run implies, promtool accepts the text, and a real Prometheus scrapes it.
#include "tests/e2e/e2e_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <optional>

namespace cutqueue::testing {
namespace {

constexpr const char* draft_id = "20261129000000metric01";

/// The value of the series line starting with `series` (name and labels exactly), or -1.
double value_of(const std::string& text, const std::string& series) {
  auto at = text.find("\n" + series + " ");
  if (at == std::string::npos)
    return -1;
  return std::atof(text.c_str() + at + series.size() + 2);
}

/// A Debian tool the tests need (scripts/install-deps.sh installs it): missing in CI is a
/// broken setup and fails; elsewhere the test is skipped.
bool have_tool(const std::string& name, const std::vector<std::string>& probe) {
  if (run(probe).exit_code == 0)
    return true;
  if (std::getenv("CI"))
    ADD_FAILURE() << name << " not installed (scripts/install-deps.sh installs it)";
  return false;
}

class MetricsE2e : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    drafts_ = new temp_dir{"cutqueue-drafts"};
    ASSERT_TRUE(write_color_draft(drafts_->path(), draft_id, {{"red", 1.0, 440}}));
  }
  static void TearDownTestSuite() {
    delete drafts_;
    drafts_ = nullptr;
  }
  static temp_dir* drafts_;
  temp_dir data{"cutqueue-metrics"};
  temp_dir scratch{"cutqueue-metrics-tmp"};
  fixture_server drafts{{drafts_->path()}};
  cutqueue_server srv{data.path()};
};

temp_dir* MetricsE2e::drafts_ = nullptr;

TEST_F(MetricsE2e, SeriesFollowTheExportsAndPromtoolAcceptsThem) {
  auto url = drafts.draft_url(draft_id);
  ASSERT_EQ(submit(srv, url).status, 200);
  ASSERT_EQ(wait_terminal(srv, url)["status"], "completed");
  // The same draft again: its files come from the download cache (revalidated, 304).
  ASSERT_EQ(submit(srv, url).status, 200);
  ASSERT_EQ(wait_terminal(srv, url)["status"], "completed");
  auto missing = drafts.draft_url("20261129000000nodraft1");
  ASSERT_EQ(submit(srv, missing).status, 200);
  ASSERT_EQ(wait_terminal(srv, missing)["status"], "failed");
  EXPECT_EQ(query(srv, "http://h/x?draft_id=none").status, 404);

  auto r = http_get(srv.base_url() + "/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
  auto m = "\n" + r.body;
  EXPECT_EQ(value_of(m, "cutqueue_exports_started_total"), 3) << r.body;
  EXPECT_EQ(value_of(m, "cutqueue_exports_completed_total"), 2) << r.body;
  EXPECT_EQ(value_of(m, R"(cutqueue_exports_failed_total{reason="draft_missing"})"), 1) << r.body;
  EXPECT_EQ(value_of(m, R"(cutqueue_export_duration_seconds_count{outcome="completed"})"), 2);
  EXPECT_EQ(value_of(m, R"(cutqueue_export_duration_seconds_count{outcome="failed"})"), 1);
  EXPECT_EQ(value_of(m, "cutqueue_render_duration_seconds_count"), 2) << r.body;
  EXPECT_GT(value_of(m, "cutqueue_download_bytes_total"), 1000) << r.body;
  EXPECT_GE(value_of(m, "cutqueue_download_cache_hits_total"), 1) << r.body;
  EXPECT_EQ(value_of(m, R"(cutqueue_tasks{state="pending"})"), 0);
  EXPECT_EQ(value_of(m, R"(cutqueue_tasks{state="processing"})"), 0);
  EXPECT_EQ(value_of(m, "cutqueue_queue_depth"), 0);
  EXPECT_EQ(
      value_of(
          m,
          R"(cutqueue_http_requests_total{route="/openapi/capcut-mate/v1/gen_video",status="200"})"),
      3)
      << r.body;
  EXPECT_EQ(
      value_of(
          m,
          R"(cutqueue_http_requests_total{route="/openapi/capcut-mate/v1/gen_video_status",status="404"})"),
      1)
      << r.body;
  EXPECT_GT(value_of(m, "cutqueue_store_commit_seconds_count"), 3) << r.body;

  if (!have_tool("promtool", {"promtool", "--version"}))
    GTEST_SKIP() << "promtool not installed";
  auto file = scratch.path() + "/metrics.txt";
  std::ofstream(file) << r.body;
  auto check = run({"sh", "-c", "promtool check metrics < '" + file + "' 2>&1"});
  EXPECT_EQ(check.exit_code, 0) << check.out;
}

TEST_F(MetricsE2e, LiveTasksShowAsPendingAndProcessing) {
  temp_dir data2{"cutqueue-metrics-live"};
  cutqueue_server one{data2.path(), {"--max-concurrent-exports", "1"}};
  auto a = drafts.draft_url(draft_id, "delay_ms=3000&q=a");
  auto b = drafts.draft_url(draft_id, "q=b");
  ASSERT_EQ(submit(one, a).status, 200);
  ASSERT_TRUE(wait_status(one, a, "processing"));
  ASSERT_EQ(submit(one, b).status, 200);
  auto m = "\n" + http_get(one.base_url() + "/metrics").body;
  EXPECT_EQ(value_of(m, R"(cutqueue_tasks{state="pending"})"), 1) << m;
  EXPECT_EQ(value_of(m, R"(cutqueue_tasks{state="processing"})"), 1) << m;
  EXPECT_EQ(value_of(m, "cutqueue_queue_depth"), 1) << m;
}

TEST_F(MetricsE2e, ARealPrometheusScrapesIt) {
  if (!have_tool("prometheus", {"prometheus", "--version"}))
    GTEST_SKIP() << "prometheus not installed";
  auto config = scratch.path() + "/prometheus.yml";
  std::ofstream(config) << "global:\n  scrape_interval: 1s\nscrape_configs:\n"
                           "  - job_name: cutqueue\n    static_configs:\n"
                           "      - targets: ['127.0.0.1:"
                        << srv.port() << "']\n";
  child_process prom({"prometheus", "--config.file=" + config,
                      "--storage.tsdb.path=" + scratch.path() + "/tsdb",
                      "--web.listen-address=127.0.0.1:0"},
                     {}, scratch.path() + "/prometheus.log");
  std::optional<int> port;
  ASSERT_TRUE(wait_until([&] { return (port = listening_port(prom.pid())).has_value(); }, 30s));
  auto api = "http://127.0.0.1:" + std::to_string(*port) + "/api/v1/query?query=";
  nlohmann::json answer;
  bool scraped = wait_until(
      [&] {
        auto q = http_get(api + "cutqueue_exports_started_total");
        answer = nlohmann::json::parse(q.body, nullptr, false);
        return answer.is_object() && answer.value("status", "") == "success" &&
               !answer["data"]["result"].empty();
      },
      30s, 200ms);
  ASSERT_TRUE(scraped) << answer.dump();
  auto up = nlohmann::json::parse(http_get(api + "up").body, nullptr, false);
  ASSERT_FALSE(up["data"]["result"].empty()) << up.dump();
  EXPECT_EQ(up["data"]["result"][0]["value"][1], "1") << up.dump();
}

} // namespace
} // namespace cutqueue::testing
