// Webhook retries double from the first wait up to the cap.
#include "actors/webhook_sender.hpp"

#include <gtest/gtest.h>

namespace cutqueue {
namespace {

using namespace std::chrono_literals;

TEST(WebhookBackoff, DoublesUpToTheCap) {
  EXPECT_EQ(webhook_backoff(1, 1000ms, 600000ms), 1000ms);
  EXPECT_EQ(webhook_backoff(2, 1000ms, 600000ms), 2000ms);
  EXPECT_EQ(webhook_backoff(5, 1000ms, 600000ms), 16000ms);
  EXPECT_EQ(webhook_backoff(30, 1000ms, 600000ms), 600000ms);
  EXPECT_EQ(webhook_backoff(4000000000u, 1000ms, 600000ms), 600000ms);
}

} // namespace
} // namespace cutqueue
