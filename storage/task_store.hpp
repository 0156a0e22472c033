// Durable task records over RocksDB. This header is the whole storage API: no RocksDB type
// leaks out of storage/.
//
// Layout (one column family):
//   meta/format                         -> "cutqueue-1" (written at creation; refuses foreign DBs)
//   t/<draft_url>                       -> encode(task_record)
//   l/<seq, 20 digits>/<draft_url>      -> draft_url   (live index: pending + processing only)
//   r/<completed_at_ms, 20 digits>/<draft_url> -> ""   (retention index: terminal only)
//   w/<draft_url>                       -> draft_url   (webhooks still to deliver)
//   c/<task_id>/<unit>                  -> opaque       (finished chunks of a long export)
// Recovery reads only the live index, so start-up time does not grow with finished tasks.
// The url in the live key keeps two records that share a seq (a caller bug) from dropping each
// other's entry; readers check every index entry against its t/ record.
//
// Writes go through one committer thread that packs every queued write into one WriteBatch and
// syncs it once (group commit): many callers pay for one fsync.
#pragma once

#include "common/metrics.hpp"
#include "storage/task_record.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace cutqueue::storage {

/// Outcome of a storage call, RocksDB-style: `not_found` is a distinct code, not an error text.
struct status {
  enum class code : uint8_t { ok, not_found, io_error, corruption, busy, invalid };
  code c = code::ok;
  std::string message;

  bool ok() const { return c == code::ok; }
  bool is_not_found() const { return c == code::not_found; }
  static status make_ok() { return {}; }
};

/// storage/io_hook.hpp: lets a test put its own file system under the database.
class io_hook;

struct store_options {
  std::string path; ///< folder of the database; created when missing
  /// Tests only (observe WAL syncs, inject write faults); empty = RocksDB's own file system.
  std::shared_ptr<io_hook> io = nullptr;
  /// Records each group commit's duration (GET /metrics); null = not measured.
  std::shared_ptr<metrics::registry> metrics = nullptr;
};

class task_store {
public:
  /// Called on the committer thread once the write is durable (or failed). Keep it short, and
  /// never call the blocking write() from it (it would wait for its own thread). After close()
  /// it runs at once, on the caller's thread, with an io_error.
  using done_fn = std::function<void(const status&)>;

  /// Opens (creating if needed) the store. Fails with a clear message when the folder is not
  /// writable, the files are corrupt or not a cutqueue store, or another process holds it.
  [[nodiscard]] static status open(const store_options& opts, std::unique_ptr<task_store>& out);

  ~task_store();
  task_store(const task_store&) = delete;
  task_store& operator=(const task_store&) = delete;

  /// Queues a write that replaces the record for rec.draft_url and keeps both indices right.
  /// With sync = true, `done` runs only after the batch holding it was fsynced. Writes are
  /// applied in the order they were queued.
  void write_async(task_record rec, bool sync, done_fn done);

  /// Queues removal of the record for draft_url and its index entries (retention sweep). Always
  /// synced: the sweep deletes the output file next, and the record must not come back.
  void erase_async(std::string draft_url, done_fn done);

  /// Blocking form of write_async with sync = true (start-up recovery, tests).
  [[nodiscard]] status write(const task_record& rec);

  /// Reads the record for draft_url. Returns not_found (and leaves `out` unchanged) when there
  /// is none. Sees every write whose `done` has run.
  [[nodiscard]] status get(const std::string& draft_url, task_record& out) const;

  /// Every pending or processing record, oldest seq first.
  [[nodiscard]] status load_live(std::vector<task_record>& out) const;

  /// Every finished record whose webhook is still pending (webhook_due), in draft_url order.
  [[nodiscard]] status load_webhooks(std::vector<task_record>& out) const;

  /// Up to `limit` terminal records completed before cutoff_ms, oldest first.
  [[nodiscard]] status expired(int64_t cutoff_ms, size_t limit,
                               std::vector<task_record>& out) const;

  /// Records a finished chunk of a long export (render/chunked_render.hpp) for the task with
  /// id `task_id`; `unit` names the chunk, `value` is the caller's. Blocking, synced.
  [[nodiscard]] status put_chunk(const std::string& task_id, const std::string& unit,
                                 const std::string& value);

  /// Every chunk record of the task, by unit.
  [[nodiscard]] status load_chunks(const std::string& task_id,
                                   std::map<std::string, std::string>& out) const;

  /// Queues removal of every chunk record of the task (it ended). Erasing a task's record
  /// (erase_async) removes them too.
  void drop_chunks_async(const std::string& task_id, done_fn done);
  /// Up to `limit` terminal records, the most recently completed first (the status page).
  [[nodiscard]] status recent_finished(size_t limit, std::vector<task_record>& out) const;

  /// Waits for queued writes, stops the committer, closes the database. Idempotent; later
  /// reads and writes fail with io_error.
  void close();

private:
  struct impl;
  explicit task_store(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

} // namespace cutqueue::storage
