// A RocksDB database cutqueue did not make, for the test that cutqueue refuses to adopt one.
#pragma once

#include <string>

namespace cutqueue::testing {

/// Creates a RocksDB database in `path` with a few keys of its own (no cutqueue format marker),
/// closed again on return. False with the reason in `error` on failure.
bool make_foreign_rocksdb(const std::string& path, std::string& error);

} // namespace cutqueue::testing
