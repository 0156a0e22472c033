// How Pistache threads talk to actors without blocking: a few long-lived bridge actors take
// "ask" jobs from any thread and run them as a request with a timeout; the reply continuation
// answers the HTTP client from a CAF thread. Cheaper than spawning an actor per request.
#pragma once

#include <caf/all.hpp>

#include <atomic>
#include <functional>
#include <vector>

namespace cutqueue::http {

/// Work for a bridge actor: usually `self->request(dest, timeout, ...).then(...)`.
struct bridge_job {
  std::function<void(caf::event_based_actor*)> run;
};

class actor_bridge {
public:
  actor_bridge(caf::actor_system& sys, size_t actors);
  ~actor_bridge();
  actor_bridge(const actor_bridge&) = delete;
  actor_bridge& operator=(const actor_bridge&) = delete;

  /// Hands `job` to one of the bridge actors (round robin); callable from any thread.
  void post(bridge_job job);

private:
  std::vector<caf::actor> actors_;
  std::atomic<size_t> next_{0};
};

} // namespace cutqueue::http

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(cutqueue::http::bridge_job)
