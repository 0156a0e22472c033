#include "tests/support/storage/wal_probe.hpp"

#include <cstdint>
#include <vector>

namespace cutqueue::storage::test {

namespace {

bool is_wal(const std::string& name) {
  return name.size() > 4 && name.compare(name.size() - 4, 4, ".log") == 0;
}

/// A WAL file that reports its appends and syncs to the probe. A sync asks the probe first, so
/// a held or failing sync happens before the real one, like a disk that has not answered yet.
class probed_file : public rocksdb::FSWritableFileOwnerWrapper {
public:
  probed_file(std::unique_ptr<rocksdb::FSWritableFile> f, std::string name,
              std::shared_ptr<wal_probe> probe)
      : FSWritableFileOwnerWrapper(std::move(f)), name_(std::move(name)), probe_(std::move(probe)) {
  }

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                           rocksdb::IODebugContext* dbg) override {
    return appended(data, target()->Append(data, o, dbg));
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                           const rocksdb::DataVerificationInfo& info,
                           rocksdb::IODebugContext* dbg) override {
    return appended(data, target()->Append(data, o, info, dbg));
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* dbg) override {
    if (!probe_->before_sync())
      return rocksdb::IOStatus::IOError("wal_probe: injected sync failure");
    return synced(target()->Sync(o, dbg));
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* dbg) override {
    if (!probe_->before_sync())
      return rocksdb::IOStatus::IOError("wal_probe: injected sync failure");
    return synced(target()->Fsync(o, dbg));
  }

private:
  rocksdb::IOStatus appended(const rocksdb::Slice& data, rocksdb::IOStatus s) {
    if (s.ok())
      probe_->on_append(name_, std::string_view(data.data(), data.size()));
    return s;
  }
  rocksdb::IOStatus synced(rocksdb::IOStatus s) {
    if (s.ok())
      probe_->on_synced(name_);
    return s;
  }

  std::string name_;
  std::shared_ptr<wal_probe> probe_;
};

/// RocksDB's own file system with every WAL file wrapped.
class probed_fs : public rocksdb::FileSystemWrapper {
public:
  explicit probed_fs(std::shared_ptr<wal_probe> probe)
      : FileSystemWrapper(rocksdb::FileSystem::Default()), probe_(std::move(probe)) {}

  const char* Name() const override { return "cutqueue_wal_probe"; }

  rocksdb::IOStatus NewWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                                    std::unique_ptr<rocksdb::FSWritableFile>* r,
                                    rocksdb::IODebugContext* dbg) override {
    return wrap(f, target()->NewWritableFile(f, o, r, dbg), r);
  }
  rocksdb::IOStatus ReopenWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                                       std::unique_ptr<rocksdb::FSWritableFile>* r,
                                       rocksdb::IODebugContext* dbg) override {
    return wrap(f, target()->ReopenWritableFile(f, o, r, dbg), r);
  }
  rocksdb::IOStatus ReuseWritableFile(const std::string& f, const std::string& old,
                                      const rocksdb::FileOptions& o,
                                      std::unique_ptr<rocksdb::FSWritableFile>* r,
                                      rocksdb::IODebugContext* dbg) override {
    return wrap(f, target()->ReuseWritableFile(f, old, o, r, dbg), r);
  }

private:
  rocksdb::IOStatus wrap(const std::string& name, rocksdb::IOStatus s,
                         std::unique_ptr<rocksdb::FSWritableFile>* r) {
    if (s.ok() && is_wal(name))
      r->reset(new probed_file(std::move(*r), name, probe_));
    return s;
  }

  std::shared_ptr<wal_probe> probe_;
};

// RocksDB's log format (db/log_format.h): 32 KiB blocks of fragments, each with a header of
// checksum (4), length (2) and type (1), plus a log number (4) for the recyclable types. A
// block's last < 7 bytes are padding.
constexpr size_t block_size = 32768;
constexpr size_t header_size = 7;
constexpr size_t recyclable_header_size = 11;
enum : uint8_t { zero_type = 0, full = 1, first = 2, middle = 3, last = 4, recyclable_last = 8 };

struct wal_record {
  std::string payload; ///< a write batch
  size_t end = 0;      ///< physical offset just past its last fragment
};

std::vector<wal_record> parse_wal(const std::string& bytes) {
  std::vector<wal_record> out;
  std::string pending;
  size_t pos = 0;
  while (pos + header_size <= bytes.size()) {
    size_t left_in_block = block_size - pos % block_size;
    if (left_in_block < header_size) {
      pos += left_in_block;
      continue;
    }
    auto len = static_cast<size_t>(static_cast<uint8_t>(bytes[pos + 4])) |
               static_cast<size_t>(static_cast<uint8_t>(bytes[pos + 5])) << 8;
    auto type = static_cast<uint8_t>(bytes[pos + 6]);
    if (type == zero_type && len == 0) {
      pos += left_in_block;
      continue;
    }
    bool recyclable = type > last && type <= recyclable_last;
    size_t header = recyclable ? recyclable_header_size : header_size;
    if (pos + header + len > bytes.size())
      break; // a fragment still being written
    std::string_view payload(bytes.data() + pos + header, len);
    pos += header + len;
    switch (recyclable ? type - (recyclable_last - last) : type) {
    case full:
      out.push_back({std::string(payload), pos});
      break;
    case first:
      pending.assign(payload);
      break;
    case middle:
      pending.append(payload);
      break;
    case last:
      pending.append(payload);
      out.push_back({std::move(pending), pos});
      pending.clear();
      break;
    default: // metadata records (compression type, ...): no write batch
      break;
    }
  }
  return out;
}

} // namespace

std::shared_ptr<rocksdb::FileSystem> wal_probe::file_system() {
  return std::make_shared<probed_fs>(shared_from_this());
}

size_t wal_probe::wal_syncs() const {
  std::lock_guard<std::mutex> lk(mu_);
  return syncs_;
}

bool wal_probe::find(std::string_view needle, bool& synced) const {
  std::lock_guard<std::mutex> lk(mu_);
  // WAL file numbers grow, and their names are zero-padded: map order is write order.
  for (const auto& [name, file] : files_)
    for (const auto& rec : parse_wal(file.bytes))
      if (rec.payload.find(needle) != std::string::npos) {
        synced = rec.end <= file.synced;
        return true;
      }
  return false;
}

bool wal_probe::synced(std::string_view bytes) const {
  bool s = false;
  return find(bytes, s) && s;
}

bool wal_probe::written(std::string_view bytes) const {
  bool s = false;
  return find(bytes, s);
}

void wal_probe::hold_syncs() {
  std::lock_guard<std::mutex> lk(mu_);
  held_ = true;
}

void wal_probe::release_syncs() {
  {
    std::lock_guard<std::mutex> lk(mu_);
    held_ = false;
  }
  cv_.notify_all();
}

size_t wal_probe::syncs_waiting() const {
  std::lock_guard<std::mutex> lk(mu_);
  return waiting_;
}

void wal_probe::fail_syncs(bool on) {
  std::lock_guard<std::mutex> lk(mu_);
  failing_ = on;
}

void wal_probe::on_append(const std::string& file, std::string_view data) {
  std::lock_guard<std::mutex> lk(mu_);
  files_[file].bytes.append(data);
}

bool wal_probe::before_sync() {
  std::unique_lock<std::mutex> lk(mu_);
  ++waiting_;
  cv_.wait(lk, [this] { return !held_; });
  --waiting_;
  return !failing_;
}

void wal_probe::on_synced(const std::string& file) {
  std::lock_guard<std::mutex> lk(mu_);
  auto& f = files_[file];
  f.synced = f.bytes.size();
  ++syncs_;
}

} // namespace cutqueue::storage::test
