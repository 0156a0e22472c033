// The task store as the chunk ledger of long exports: each finished chunk is a synced record,
// so an export that starts again after a crash renders only the chunks without one.
#pragma once

#include "render/chunk_services.hpp"

#include <memory>

namespace cutqueue {

namespace storage {
class task_store;
}

/// `store` must outlive the ledger. Safe to use from any thread but the store's committer.
std::shared_ptr<render::chunk_ledger> make_store_chunk_ledger(storage::task_store& store);

} // namespace cutqueue
