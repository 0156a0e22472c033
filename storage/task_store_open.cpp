// task_store::open: folder checks, RocksDB tuning and the cutqueue format marker.
#include "storage/io_hook.hpp"
#include "storage/store_impl.hpp"

#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/table_properties_collectors.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <unistd.h>

namespace cutqueue::storage {

namespace fs = std::filesystem;

namespace {

status fail(status::code c, std::string msg) {
  return {c, std::move(msg)};
}

// What lies in an existing folder decides between "create", "open" and "refuse": RocksDB's own
// create_if_missing would happily start an empty database next to a damaged one (CURRENT lost),
// which is exactly the silent loss we must not allow.
struct folder_scan {
  bool fresh = true; ///< nothing but RocksDB's bookkeeping files from an aborted creation
  bool has_current = false;
  bool has_data = false; ///< MANIFEST, WAL or table files: a store existed here
};

bool ends_with(const std::string& s, const char* suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

folder_scan scan_folder(const fs::path& dir, std::error_code& ec) {
  folder_scan s;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name == "CURRENT") {
      s.has_current = true;
      s.fresh = false;
    } else if (name.rfind("MANIFEST-", 0) == 0 || ends_with(name, ".sst") ||
               ends_with(name, ".log")) {
      s.has_data = true;
      s.fresh = false;
    } else if (name == "lost+found" || name == "LOCK" || name == "IDENTITY" ||
               name.rfind("LOG", 0) == 0 || name.rfind("OPTIONS-", 0) == 0) {
      // A freshly formatted mount point, or a first start that died before writing any data.
    } else {
      s.fresh = false;
    }
  }
  return s;
}

rocksdb::Options make_options(bool create, rocksdb::Env* env) {
  rocksdb::Options o;
  if (env)
    o.env = env;
  o.create_if_missing = create;
  o.error_if_exists = create; // a concurrent creator must not be mistaken for "ours"
  // Refuse to open on any inconsistency instead of dropping data (the default, stated on purpose).
  o.paranoid_checks = true;
  // An incomplete last WAL record (crash mid-write) is fine: it was never acknowledged. Damage
  // before the tail would be acknowledged data, so it fails the open instead of being skipped.
  o.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  o.IncreaseParallelism(2);
  o.max_background_jobs = 2;
  // Memory: 1M records must open well under 150 MB RSS. Memtables are bounded at 2 x 8 MB and
  // table readers keep index and filter blocks in the small block cache, not on the heap. After
  // a full disk RocksDB resumes writes by itself once write_buffer_size is free again (it polls
  // every 5 s), so this is also the free space a recovery needs.
  o.write_buffer_size = 8 << 20;
  o.max_write_buffer_number = 2;
  o.max_total_wal_size = 64 << 20; // also bounds WAL replay time at start
  o.info_log = make_rocksdb_logger();
  o.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  rocksdb::BlockBasedTableOptions t;
  // Index and filter blocks live in the block cache (bounded memory) and are partitioned, so a
  // point lookup loads a few KiB of them, not a whole multi-MiB index: with one big index per
  // file, recovery of 10,000 live tasks among 1M records took 6 s of cache thrashing.
  t.block_cache = rocksdb::NewLRUCache(32 << 20);
  t.cache_index_and_filter_blocks = true;
  t.cache_index_and_filter_blocks_with_high_priority = true;
  t.pin_top_level_index_and_filter = true;
  t.pin_l0_filter_and_index_blocks_in_cache = true;
  t.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
  t.partition_filters = true;
  t.metadata_block_size = 4096;
  t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  // Every finished task deletes its live-index key; files dense with such tombstones are
  // compacted early so scanning the live index stays proportional to the live tasks.
  o.table_properties_collector_factories.emplace_back(
      rocksdb::NewCompactOnDeletionCollectorFactory(128, 64));
  return o;
}

bool mentions_lock(const rocksdb::Status& s) {
  std::string m = s.ToString();
  return m.find("lock") != std::string::npos || m.find("LOCK") != std::string::npos;
}

} // namespace

status open_rocksdb(const std::string& path, bool create, rocksdb::Env* env,
                    std::unique_ptr<rocksdb::DB>& db) {
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(make_options(create, env), path, &raw);
  if (s.ok()) {
    db.reset(raw);
    return status::make_ok();
  }
  if (s.IsIOError() && mentions_lock(s))
    return fail(status::code::busy, "data folder " + path +
                                        " is already in use by another cutqueue process (" +
                                        s.ToString() + ")");
  if (s.IsCorruption())
    return fail(status::code::corruption,
                "data folder " + path + " holds a corrupted store: " + s.ToString());
  if (s.IsInvalidArgument())
    return fail(status::code::invalid,
                "data folder " + path + " does not hold a usable cutqueue store: " + s.ToString());
  return from_rocksdb(s, "cannot open data folder " + path);
}

namespace {

// A database with no keys at all was created by a start that crashed before writing the marker;
// anything else without the marker belongs to someone else.
status check_marker(rocksdb::DB& db, const std::string& path) {
  std::string value;
  rocksdb::Status s = db.Get(rocksdb::ReadOptions(), keys::format_key, &value);
  if (s.ok()) {
    if (value == keys::format_value)
      return status::make_ok();
    return fail(status::code::invalid, "data folder " + path + " holds store format '" + value +
                                           "', this cutqueue reads '" + keys::format_value + "'");
  }
  if (!s.IsNotFound())
    return from_rocksdb(s, "cannot read the format marker in data folder " + path);
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(rocksdb::ReadOptions()));
  it->SeekToFirst();
  if (!it->status().ok())
    return from_rocksdb(it->status(), "cannot read data folder " + path);
  if (it->Valid())
    return fail(status::code::invalid,
                "data folder " + path +
                    " holds a RocksDB database that is not a cutqueue store (no " +
                    keys::format_key + " marker); refusing to use it");
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return from_rocksdb(db.Put(wo, keys::format_key, keys::format_value),
                      "cannot write the format marker in data folder " + path);
}

// Opening read-write rewrites files (a new MANIFEST and OPTIONS file, the WAL replayed into a
// table), so an existing folder is first opened read-only, which writes nothing: a database that
// turns out not to be ours, or a damaged one, is refused exactly as it was found.
status check_read_only(const std::string& path, rocksdb::Env* env) {
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::OpenForReadOnly(make_options(false, env), path, &raw);
  if (!s.ok()) {
    if (s.IsCorruption())
      return fail(status::code::corruption,
                  "data folder " + path + " holds a corrupted store: " + s.ToString());
    if (s.IsInvalidArgument())
      return fail(status::code::invalid,
                  "data folder " + path +
                      " does not hold a usable cutqueue store: " + s.ToString());
    return from_rocksdb(s, "cannot open data folder " + path);
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  std::string value;
  s = db->Get(rocksdb::ReadOptions(), keys::format_key, &value);
  if (s.ok() || !s.IsNotFound())
    return status::make_ok(); // the read-write open below checks the marker itself
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
  it->SeekToFirst();
  if (it->Valid())
    return fail(status::code::invalid,
                "data folder " + path +
                    " holds a RocksDB database that is not a cutqueue store (no " +
                    keys::format_key + " marker); refusing to use it");
  return status::make_ok();
}

status open_impl(const store_options& opts, rocksdb::Env* env, std::unique_ptr<rocksdb::DB>& db) {
  const std::string& path = opts.path;
  if (path.empty())
    return fail(status::code::invalid, "data folder path is empty");
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec)
    return fail(status::code::io_error, "cannot create data folder " + path + ": " + ec.message());
  if (!fs::is_directory(path, ec))
    return fail(status::code::invalid, "data folder " + path + " is not a folder");
  folder_scan scan = scan_folder(path, ec);
  if (ec)
    return fail(status::code::io_error, "cannot list data folder " + path + ": " + ec.message());
  if (!scan.fresh && !scan.has_current) {
    if (scan.has_data)
      return fail(status::code::corruption,
                  "data folder " + path +
                      " holds RocksDB files but no CURRENT file: the store is damaged");
    return fail(status::code::invalid,
                "data folder " + path + " is not empty and does not hold a cutqueue store");
  }
  // RocksDB would report a read-only folder only as some failing file operation; say it plainly.
  if (::access(path.c_str(), W_OK) != 0)
    return fail(status::code::io_error,
                "data folder " + path + " is not writable: " + std::strerror(errno));
  if (!scan.fresh)
    if (status st = check_read_only(path, env); !st.ok())
      return st;
  status st = open_rocksdb(path, scan.fresh, env, db);
  if (!st.ok())
    return st;
  return check_marker(*db, path);
}

} // namespace

status task_store::open(const store_options& opts, std::unique_ptr<task_store>& out) {
  try {
    auto p = std::make_unique<impl>();
    p->path = opts.path;
    p->metrics = opts.metrics;
    if (opts.io)
      p->env = rocksdb::NewCompositeEnv(opts.io->file_system());
    status st = open_impl(opts, p->env.get(), p->db);
    if (!st.ok())
      return st; // `p` closes the half-opened database, if any
    p->start();
    out.reset(new task_store(std::move(p)));
    return status::make_ok();
  } catch (const std::exception& e) {
    return fail(status::code::io_error, "cannot open data folder " + opts.path + ": " + e.what());
  }
}

task_store::task_store(std::unique_ptr<impl> p) : impl_(std::move(p)) {}

task_store::~task_store() {
  close();
}

} // namespace cutqueue::storage
