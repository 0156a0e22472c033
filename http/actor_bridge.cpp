#include "http/actor_bridge.hpp"

namespace cutqueue::http {

namespace {

/// `index` only exists because CAF 0.17 dereferences a null shared_ptr (UBSan: reference
/// binding to null pointer) when it spawns a function-based actor that takes no arguments.
caf::behavior bridge(caf::event_based_actor* self, size_t index) {
  (void)index;
  return {
      [self](bridge_job& job) { job.run(self); },
  };
}

} // namespace

actor_bridge::actor_bridge(caf::actor_system& sys, size_t actors) {
  for (size_t i = 0; i < std::max<size_t>(actors, 1); ++i)
    actors_.push_back(sys.spawn(bridge, i));
}

actor_bridge::~actor_bridge() {
  for (auto& a : actors_)
    caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
}

void actor_bridge::post(bridge_job job) {
  auto i = next_.fetch_add(1, std::memory_order_relaxed) % actors_.size();
  caf::anon_send(actors_[i], std::move(job));
}

} // namespace cutqueue::http
