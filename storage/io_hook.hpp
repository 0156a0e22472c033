// A seam under the task store's RocksDB: the file system its database reads and writes through.
// Production leaves store_options::io empty and RocksDB uses its own POSIX file system. Tests put
// a wrapper here to see what reaches the disk (were a write's WAL bytes synced before its
// callback ran?) or to make writes fail. This header includes RocksDB, so only storage/ and the
// test helpers that implement the seam include it; task_store.hpp names the class only.
#pragma once

#include <rocksdb/file_system.h>

#include <memory>

namespace cutqueue::storage {

class io_hook {
public:
  virtual ~io_hook() = default;

  /// The file system to open the database on. Called once per task_store::open; the store
  /// keeps the result (and an Env around it) until it is closed, reopens included.
  virtual std::shared_ptr<rocksdb::FileSystem> file_system() = 0;
};

} // namespace cutqueue::storage
