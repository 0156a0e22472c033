// Private to storage/: the state behind task_store and the key layout. Only storage/*.cpp include
// this, so RocksDB stays out of every other folder.
#pragma once

#include "storage/task_store.hpp"

#include <rocksdb/db.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <shared_mutex>
#include <thread>

namespace cutqueue::storage {

namespace keys {

inline constexpr const char* format_key = "meta/format";
inline constexpr const char* format_value = "cutqueue-1";

// Prefix ends: '/' + 1 == '0', so [x/, x0) is exactly the keys starting with "x/".
inline constexpr const char* live_begin = "l/";
inline constexpr const char* live_end = "l0";
inline constexpr const char* retention_begin = "r/";
inline constexpr const char* retention_end = "r0";
inline constexpr const char* webhook_begin = "w/";
inline constexpr const char* webhook_end = "w0";

/// Fixed width keeps lexicographic order equal to numeric order.
std::string number20(uint64_t v);
/// Negative times (clock bugs, never expected) sort first instead of wrapping to huge values.
std::string time20(int64_t ms);

std::string record(const std::string& draft_url);
/// l/<seq>/<draft_url>: the url in the key keeps two records with the same seq (a caller bug)
/// from removing each other's index entry.
std::string live(uint64_t seq, const std::string& draft_url);
std::string retention(int64_t completed_at_ms, const std::string& draft_url);
/// w/<draft_url>: a finished task whose webhook is still pending (webhook_due).
std::string webhook(const std::string& draft_url);
/// c/<task_id>/<unit>: a finished chunk; [chunks_begin, chunks_end) holds all of one task's.
std::string chunk(const std::string& task_id, const std::string& unit);
std::string chunks_begin(const std::string& task_id);
std::string chunks_end(const std::string& task_id);

} // namespace keys

/// Translates a RocksDB status, prefixing `context` (which names the folder or key).
status from_rocksdb(const rocksdb::Status& s, const std::string& context);

/// Opens the RocksDB database in `path` with cutqueue's options; `create` only for a fresh folder.
/// `env` is null for RocksDB's default, else it must outlive `db`. Maps failures to clear
/// statuses (busy when another process holds the folder).
status open_rocksdb(const std::string& path, bool create, rocksdb::Env* env,
                    std::unique_ptr<rocksdb::DB>& db);

/// Sends RocksDB's warnings and errors to cutqueue's log instead of a LOG file in the data folder.
std::shared_ptr<rocksdb::Logger> make_rocksdb_logger();

/// True when every string field is valid UTF-8: JSON cannot hold anything else losslessly.
bool storable_text(const task_record& rec);

struct queued_op {
  bool erase = false;
  /// A chunk record instead of a task record: put `chunk_value` at `chunk_key`, or, with
  /// `erase`, remove the keys [chunk_key, chunk_value).
  bool chunk = false;
  std::string chunk_key, chunk_value;
  bool sync = true;
  task_record rec;       ///< for writes
  std::string draft_url; ///< for erases
  task_store::done_fn done;
};

struct task_store::impl {
  std::string path;
  std::shared_ptr<metrics::registry> metrics; ///< store_options::metrics
  // The file system a test put under the database (store_options::io), wrapped in an Env;
  // null in production. Declared before `db`, which must be gone before it is.
  std::unique_ptr<rocksdb::Env> env;

  // Readers hold it shared while they use `db`; close() takes it exclusively to destroy `db`,
  // so a late get() sees "closed" instead of a dangling pointer.
  mutable std::shared_mutex db_mu;
  std::unique_ptr<rocksdb::DB> db;

  std::mutex queue_mu;
  std::condition_variable queue_cv;
  std::deque<queued_op> queue;
  bool stopping = false;
  std::thread committer;

  // Set (under db_mu) while `db` is null because a reopen after a write failure failed.
  std::string down_reason;

  // Committer-thread only. After a failed write the database instance is never written again:
  // RocksDB 7.8 keeps appending to the WAL file that failed, and Debian's build (assertions on)
  // aborts the process there. The store is reopened instead, which starts a fresh WAL.
  bool needs_reopen = false;
  status last_write_error;
  std::chrono::steady_clock::time_point next_reopen_attempt;

  std::mutex close_mu; // serialises close() calls

  void start();
  void enqueue(queued_op op);
  void run();
  void commit(std::deque<queued_op>& ops);
  void shutdown();
  /// Committer thread: makes `db` writable again after a failed write, or says why not yet.
  status recover_for_writes();
  /// The status readers get while `db` is null (closed, or down after a failed reopen).
  status unavailable() const;
};

} // namespace cutqueue::storage
