// A worker node's chunk ledger for a long export it runs on its own slot: every finished chunk
// goes to the coordinator (the only store), which keeps the file and records it, so losing
// this node costs only the chunk it was rendering. A later attempt on any node lists what the
// coordinator holds and downloads the chunks it does not have itself.
#pragma once

#include "cluster/upload_client.hpp"
#include "common/cancel_token.hpp"
#include "render/chunk_services.hpp"

#include <functional>
#include <memory>

namespace cutqueue::cluster {

/// `target`: the attempt's upload target (its token authorises the chunk routes too).
/// `keepalive` runs after every piece sent or received: the attempt's lease must not expire
/// while chunks travel. Both must outlive the ledger.
std::shared_ptr<render::chunk_ledger> make_remote_ledger(upload_target_info target,
                                                         const cancel_token& cancel,
                                                         std::function<void()> keepalive);

} // namespace cutqueue::cluster
