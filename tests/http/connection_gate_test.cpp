// The per-connection gate between Pistache and the output streamer: a download waits for the
// answers before it, holds back the requests after it, and a request that arrives as its last
// bytes go out is not mistaken for a pipelined one.
#include "http/connection_gate.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace cutqueue::http {
namespace {

using namespace std::chrono_literals;

TEST(ConnectionGate, ADownloadWaitsForTheAnswersBeforeIt) {
  connection_gate gate;
  gate.reply_pending();
  gate.reply_pending();
  int started = 0;
  gate.take([&] { ++started; });
  EXPECT_EQ(started, 0);
  gate.reply_queued();
  EXPECT_EQ(started, 0);
  gate.reply_queued();
  EXPECT_EQ(started, 1) << "starts once the last earlier answer is queued";
  gate.take([&] { ++started; });
  EXPECT_EQ(started, 2) << "nothing pending: starts at once";
}

TEST(ConnectionGate, InputWhileTakenIsHeldAndClosesTheConnection) {
  connection_gate gate;
  EXPECT_TRUE(gate.admit_input());
  gate.take([] {});
  EXPECT_FALSE(gate.admit_input());
  EXPECT_TRUE(gate.give_back()) << "held input: close after the download";
  EXPECT_TRUE(gate.admit_input());
  gate.take([] {});
  EXPECT_FALSE(gate.give_back()) << "no input meanwhile: the connection stays open";
}

TEST(ConnectionGate, GiveBackAfterQueuesAndReleasesInOneStep) {
  connection_gate gate;
  gate.take([] {});
  std::atomic<bool> admitted{false};
  std::thread reactor;
  bool close = gate.give_back_after([&] {
    reactor = std::thread([&] { admitted = gate.admit_input(); });
    // The reactor cannot get past admit_input() while the answer is being queued.
    EXPECT_FALSE(testing::wait_until([&] { return admitted.load(); }, 100ms, 5ms));
  });
  reactor.join();
  EXPECT_FALSE(close);
  EXPECT_TRUE(admitted) << "admitted after the release, not held";
}

TEST(ConnectionGate, RequestArrivingAsTheLastBytesGoOutIsAdmitted) {
  connection_gate gate;
  gate.take([] {});
  gate.last_write(true);
  auto admitted = std::async(std::launch::async, [&] { return gate.admit_input(); });
  EXPECT_EQ(admitted.wait_for(50ms), std::future_status::timeout) << "waits for the write";
  EXPECT_FALSE(gate.give_back());
  EXPECT_TRUE(admitted.get());
}

TEST(ConnectionGate, RequestArrivingBeforeAShortLastWriteIsPipelined) {
  connection_gate gate;
  gate.take([] {});
  gate.last_write(true);
  auto admitted = std::async(std::launch::async, [&] { return gate.admit_input(); });
  gate.last_write(false); // the write ended short: the body is not complete yet
  EXPECT_FALSE(admitted.get());
  EXPECT_TRUE(gate.give_back());
}

} // namespace
} // namespace cutqueue::http
