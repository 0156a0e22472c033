// The Prometheus text the registry writes: families, label escaping, cumulative buckets; and the
// fixed reason words of failed exports.
#include "common/metrics.hpp"
#include "common/service_metrics.hpp"

#include <gtest/gtest.h>

namespace cutqueue::metrics {
namespace {

TEST(Metrics, CountersAndGaugesWithLabels) {
  registry r;
  r.add("a_total", "things", {{"route", "/x"}, {"status", "200"}});
  r.add("a_total", "things", {{"route", "/x"}, {"status", "200"}}, 2);
  r.set("g", "level", {}, 1.5);
  EXPECT_EQ(r.render(), "# HELP a_total things\n# TYPE a_total counter\n"
                        "a_total{route=\"/x\",status=\"200\"} 3\n"
                        "# HELP g level\n# TYPE g gauge\ng 1.5\n");
}

TEST(Metrics, LabelValuesAreEscaped) {
  EXPECT_EQ(render_labels({{"v", "a\"b\\c\nd"}}), "v=\"a\\\"b\\\\c\\nd\"");
}

TEST(Metrics, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  registry r;
  std::vector<double> bounds = {0.1, 1};
  r.observe("d_seconds", "time", {}, 0.05, bounds);
  r.observe("d_seconds", "time", {}, 0.5, bounds);
  r.observe("d_seconds", "time", {}, 3, bounds);
  EXPECT_EQ(r.render(), "# HELP d_seconds time\n# TYPE d_seconds histogram\n"
                        "d_seconds_bucket{le=\"0.1\"} 1\n"
                        "d_seconds_bucket{le=\"1\"} 2\n"
                        "d_seconds_bucket{le=\"+Inf\"} 3\n"
                        "d_seconds_sum 3.55\n"
                        "d_seconds_count 3\n");
}

TEST(Metrics, FailureReasonsAreAFixedSet) {
  EXPECT_EQ(failure_reason("Cancelled"), "cancelled");
  EXPECT_EQ(failure_reason("Processing timeout"), "timeout");
  EXPECT_EQ(failure_reason("Draft does not exist"), "draft_missing");
  EXPECT_EQ(failure_reason("Draft content is empty"), "draft_empty");
  EXPECT_EQ(failure_reason("Material inaccessible: http://x (HTTP 404)"), "material");
  EXPECT_EQ(failure_reason("Video rendering failed: boom"), "render");
  EXPECT_EQ(failure_reason("Export interrupted 3 times"), "interrupted");
  EXPECT_EQ(failure_reason("something new"), "other");
}

TEST(Metrics, NullRegistryRecordsNothing) {
  http_request(nullptr, "/x", 200);
  export_finished(nullptr, true, "", 1);
  store_commit(nullptr, 0.1);
}

} // namespace
} // namespace cutqueue::metrics
