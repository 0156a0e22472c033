// Getting writes going again after a failed write (full disk, I/O error) without a restart.
#include "common/log.hpp"
#include "storage/store_impl.hpp"

#include <filesystem>
#include <sys/statvfs.h>

namespace cutqueue::storage {

namespace {

namespace fs = std::filesystem;

constexpr auto k_retry_interval = std::chrono::milliseconds(500);
constexpr uint64_t k_mib = 1 << 20;

// Reopening replays the WAL files into a table file before deleting them, so that much space
// must be free, plus room for the new WAL; below it the reopen would only fail again, and
// leave reads without a database meanwhile.
uint64_t space_needed(const std::string& path) {
  uint64_t wal_bytes = 0;
  std::error_code ec;
  for (auto it = fs::directory_iterator(path, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".log") == 0)
      wal_bytes += it->file_size(ec);
  }
  return wal_bytes + 16 * k_mib;
}

bool free_space(const std::string& path, uint64_t& out) {
  struct statvfs v {};
  if (::statvfs(path.c_str(), &v) != 0)
    return false;
  out = static_cast<uint64_t>(v.f_bavail) * v.f_frsize;
  return true;
}

} // namespace

status task_store::impl::unavailable() const {
  if (!down_reason.empty())
    return {status::code::io_error,
            "task store for data folder " + path + " is unavailable: " + down_reason};
  return {status::code::io_error, "task store for data folder " + path + " is closed"};
}

status task_store::impl::recover_for_writes() {
  auto now = std::chrono::steady_clock::now();
  if (now < next_reopen_attempt)
    return last_write_error; // fail fast between attempts instead of reopening per request
  next_reopen_attempt = now + k_retry_interval;

  uint64_t have = 0;
  const uint64_t need = space_needed(path);
  if (free_space(path, have) && have < need)
    return {last_write_error.c, last_write_error.message + " (" + std::to_string(have / k_mib) +
                                    " MiB free; writes resume once " +
                                    std::to_string(need / k_mib) + " MiB are free)"};

  std::unique_lock<std::shared_mutex> lk(db_mu);
  if (db) {
    rocksdb::Status s = db->Close(); // reports the old failure again; nothing to do about it
    if (!s.ok())
      log::warn("task_store: closing ", path, " before reopening: ", s.ToString());
    db.reset();
  }
  status st = open_rocksdb(path, /*create=*/false, env.get(), db);
  if (!st.ok()) {
    db.reset();
    down_reason = st.message;
    log::error("task_store: reopening ", path, " after a failed write: ", st.message);
    return {st.c, "writes to data folder " + path + " still fail: " + st.message};
  }
  down_reason.clear();
  needs_reopen = false;
  log::info("task_store: data folder ", path, " is writable again");
  return status::make_ok();
}

} // namespace cutqueue::storage
