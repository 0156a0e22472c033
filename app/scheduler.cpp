#include "app/scheduler.hpp"

#include <caf/atom.hpp>

#include <algorithm>
#include <thread>

namespace cutqueue::app {

size_t default_caf_threads() {
  return std::max(2u, std::thread::hardware_concurrency());
}

void apply_scheduler(const scheduler_config& cfg, caf::actor_system_config& out) {
  // Measured with bench/run.sh on 2 cores: one worker per core with the sharing policy beats
  // CAF's default (work stealing, at least 4 workers) by ~10% on status and accepts, because
  // every HTTP request is a short hop through a few actors. Blocking work runs on detached
  // actors, so it never needs spare workers.
  out.set("scheduler.max-threads", cfg.threads > 0 ? cfg.threads : default_caf_threads());
  // The policy was validated by the configuration parser ("sharing" or "stealing"); CAF itself
  // would fall back to stealing on anything else without a word.
  out.set("scheduler.policy", caf::atom_from_string(cfg.policy));
}

} // namespace cutqueue::app
