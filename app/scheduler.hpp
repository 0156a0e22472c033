// CAF's scheduler, set from the service configuration (--caf-threads, --caf-policy).
#pragma once

#include "app/config.hpp"

#include <caf/actor_system_config.hpp>

namespace cutqueue::app {

/// Worker threads when the configuration leaves it open: one per core, at least 2.
size_t default_caf_threads();

/// Puts the scheduler settings of `cfg` into `out` (before the actor system is built from it).
void apply_scheduler(const scheduler_config& cfg, caf::actor_system_config& out);

} // namespace cutqueue::app
