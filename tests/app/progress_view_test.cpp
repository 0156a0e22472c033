// The text `cutqueue submit --wait` draws: bar, clock, and an ETA from the progress rate.
#include "app/progress_view.hpp"

#include <gtest/gtest.h>

namespace cutqueue::app {
namespace {

TEST(ProgressView, ClockShowsMinutesAndSecondsThenHours) {
  EXPECT_EQ(format_clock(0), "00:00");
  EXPECT_EQ(format_clock(12.9), "00:12");
  EXPECT_EQ(format_clock(61), "01:01");
  EXPECT_EQ(format_clock(3725), "1:02:05");
  EXPECT_EQ(format_clock(-4), "00:00");
}

TEST(ProgressView, BarFillsInProportionWithPercentElapsedAndEta) {
  EXPECT_EQ(render_bar("processing", 45, 12, 15.2, 20),
            "processing [#########-----------]  45%  elapsed 00:12  ETA 00:15");
  EXPECT_EQ(render_bar("pending", 0, 3, std::nullopt, 10),
            "pending [----------]   0%  elapsed 00:03  ETA --:--");
  EXPECT_EQ(render_bar("completed", 100, 70, 0.0, 4),
            "completed [####] 100%  elapsed 01:10  ETA 00:00");
  EXPECT_EQ(render_bar("x", 150, 0, std::nullopt, 2), "x [##] 100%  elapsed 00:00  ETA --:--");
}

TEST(ProgressView, PlainLineForLogs) {
  EXPECT_EQ(render_line("processing", 45, 12), "processing 45% (elapsed 00:12)");
}

TEST(ProgressView, EtaComesFromTheRateSinceProcessingStarted) {
  eta_estimator eta;
  eta.sample("pending", 0, 0);
  EXPECT_FALSE(eta.seconds_left());
  eta.sample("processing", 10, 2);
  EXPECT_FALSE(eta.seconds_left()); // one sample: no rate yet
  eta.sample("processing", 30, 6);  // 20 points in 4 s: 5 per second
  ASSERT_TRUE(eta.seconds_left());
  EXPECT_DOUBLE_EQ(*eta.seconds_left(), 14.0);
  // A new attempt (progress went back) starts the estimate again.
  eta.sample("processing", 0, 8);
  EXPECT_FALSE(eta.seconds_left());
}

} // namespace
} // namespace cutqueue::app
