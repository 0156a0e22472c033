// `cutqueue serve`: runs the coordinator until SIGTERM/SIGINT.
#pragma once

#include "app/config.hpp"

namespace cutqueue::app {

/// Blocks SIGINT/SIGTERM (handled by sigwait in run_serve) and ignores SIGPIPE. Call before any
/// thread exists so that every thread inherits the mask.
void block_termination_signals();

/// Returns the process exit code.
int run_serve(service_config cfg);

} // namespace cutqueue::app
