// The guard's per-connection table: Pistache frees timed-out connections without calling
// onDisconnection, so the table must find them itself or grow with every such connection.
#include "http/guarded_handler.hpp"

#include <gtest/gtest.h>
#include <pistache/peer.h>
#include <pistache/router.h>
#include <pistache/transport.h>

#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace cutqueue::http {
namespace {

using namespace Pistache;

/// A guard on a transport of its own (it answers through one), never started.
struct fixture {
  Rest::Router router;
  std::shared_ptr<guarded_handler> h =
      std::make_shared<guarded_handler>(router.handler(), guard_limits{});
  Tcp::Transport transport{h};
};

std::shared_ptr<Tcp::Peer> new_peer() {
  return Tcp::Peer::Create(::open("/dev/null", O_RDONLY | O_CLOEXEC), Address("127.0.0.1", 1));
}

TEST(GuardedHandler, ForgetsConnectionsOnDisconnection) {
  fixture f;
  auto& h = *f.h;
  auto a = new_peer(), b = new_peer();
  h.onConnection(a);
  h.onConnection(b);
  EXPECT_EQ(h.tracked_connections(), 2u);
  h.onDisconnection(a);
  EXPECT_EQ(h.tracked_connections(), 1u);
}

TEST(GuardedHandler, SweepsConnectionsFreedWithoutADisconnection) {
  fixture f;
  auto& h = *f.h;
  std::vector<std::shared_ptr<Tcp::Peer>> live;
  for (int i = 0; i < 10; ++i) {
    live.push_back(new_peer());
    h.onConnection(live.back());
  }
  // Thousands of connections that Pistache drops silently, as after a header timeout.
  for (int i = 0; i < 5000; ++i)
    h.onConnection(new_peer()); // freed at once
  EXPECT_LE(h.tracked_connections(), 2 * (live.size() + 64)) << "closed connections pile up";
  for (auto& p : live) // the live ones were never swept away
    h.onDisconnection(p);
  EXPECT_LE(h.tracked_connections(), 128u);
}

} // namespace
} // namespace cutqueue::http
