// A file system for the task store's RocksDB (storage/io_hook.hpp) that records what reaches the
// write-ahead log and when it was synced, and can hold or fail WAL syncs. It lets a test prove
// what a kill -9 cannot: that a write acknowledged as durable had been fsynced (the page cache
// survives a killed process, so only a record of the sync calls tells a synced write from an
// unsynced one).
#pragma once

#include "storage/io_hook.hpp"

#include <condition_variable>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace cutqueue::storage::test {

class wal_probe : public io_hook, public std::enable_shared_from_this<wal_probe> {
public:
  std::shared_ptr<rocksdb::FileSystem> file_system() override;

  /// Successful Sync/Fsync calls on WAL files (*.log) so far.
  size_t wal_syncs() const;

  /// True when `bytes` occur in a WAL record (a whole write batch, reassembled from its
  /// fragments) and the first such record lay wholly inside the file's synced prefix. Asked
  /// right when a write is acknowledged, this says whether that write had been synced.
  bool synced(std::string_view bytes) const;

  /// True when `bytes` occur in any WAL record, synced or not.
  bool written(std::string_view bytes) const;

  /// From now on WAL syncs wait (inside RocksDB's write) until release_syncs().
  void hold_syncs();
  void release_syncs();
  /// WAL syncs waiting in hold_syncs() right now.
  size_t syncs_waiting() const;

  /// While on, WAL syncs fail with an I/O error (a disk that lost the write).
  void fail_syncs(bool on);

  // Called by the file wrappers.
  void on_append(const std::string& file, std::string_view data);
  /// Waits while syncs are held; false when the sync must fail.
  bool before_sync();
  void on_synced(const std::string& file);

private:
  struct wal_file {
    std::string bytes; ///< everything appended, in the physical log format
    size_t synced = 0; ///< length of the prefix a successful sync covered
  };
  /// The first record holding `needle`: its physical end and whether it is synced.
  bool find(std::string_view needle, bool& synced) const;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, wal_file> files_;
  size_t syncs_ = 0;
  size_t waiting_ = 0;
  bool held_ = false;
  bool failing_ = false;
};

} // namespace cutqueue::storage::test
