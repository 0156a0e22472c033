// The /healthz body of a coordinator with worker nodes: every node's slots and the totals.
#pragma once

#include "actors/messages.hpp"

#include <string>
#include <vector>

namespace cutqueue::http {

/// {"status":"ok","nodes":[{"name":...,"slots":n,"busy":n}, ...],"slots":{"free":n,"busy":n}}
std::string cluster_health_body(const std::vector<node_load>& nodes);

} // namespace cutqueue::http
