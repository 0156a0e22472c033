// The read path: point lookups and the two index scans. Index entries are hints; the record
// under t/ is the truth, so every entry is checked against it.
#include "common/log.hpp"
#include "storage/store_impl.hpp"

#include <algorithm>

namespace cutqueue::storage {

namespace {

status read_record(rocksdb::DB& db, const rocksdb::ReadOptions& ro, const std::string& url,
                   std::optional<task_record>& out) {
  std::string bytes;
  rocksdb::Status s = db.Get(ro, keys::record(url), &bytes);
  if (s.IsNotFound()) {
    out.reset();
    return status::make_ok();
  }
  if (!s.ok())
    return from_rocksdb(s, "cannot read the record of " + url);
  out = decode(bytes);
  if (!out)
    return {status::code::corruption, "the stored record of " + url + " is unreadable"};
  return status::make_ok();
}

// Holds one snapshot so an index scan and the record lookups that follow see the same state.
class snapshot_reads {
public:
  explicit snapshot_reads(rocksdb::DB& db) : db_(db), snap_(db.GetSnapshot()) {
    ro.snapshot = snap_;
  }
  ~snapshot_reads() { db_.ReleaseSnapshot(snap_); }
  snapshot_reads(const snapshot_reads&) = delete;
  snapshot_reads& operator=(const snapshot_reads&) = delete;

  rocksdb::ReadOptions ro;

private:
  rocksdb::DB& db_;
  const rocksdb::Snapshot* snap_;
};

// Walks [begin, end) of one index, handing each key and value to `visit`; a not_found status
// from `visit` stops the walk early without being an error.
template <class Visit>
status scan_index(rocksdb::DB& db, const rocksdb::ReadOptions& base, const std::string& begin,
                  const std::string& end, Visit&& visit) {
  rocksdb::ReadOptions ro = base;
  rocksdb::Slice upper(end);
  ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(ro));
  status st;
  for (it->Seek(begin); it->Valid(); it->Next()) {
    st = visit(it->key().ToString(), it->value().ToString());
    if (!st.ok())
      break;
  }
  if (st.ok() && !it->status().ok())
    st = from_rocksdb(it->status(), "cannot scan index " + begin);
  return st.is_not_found() ? status::make_ok() : st;
}

// Batched lookups: at start-up thousands of live records sit in random places of the table
// files, and MultiGet reads them far faster than one Get each.
status read_records(rocksdb::DB& db, const rocksdb::ReadOptions& ro,
                    const std::vector<std::string>& urls,
                    std::vector<std::optional<task_record>>& out) {
  constexpr size_t chunk = 1024;
  out.assign(urls.size(), std::nullopt);
  std::vector<std::string> key_bytes;
  std::vector<rocksdb::Slice> key_slices;
  std::vector<rocksdb::PinnableSlice> values(chunk);
  std::vector<rocksdb::Status> statuses(chunk);
  for (size_t base = 0; base < urls.size(); base += chunk) {
    const size_t n = std::min(chunk, urls.size() - base);
    key_bytes.clear();
    key_slices.clear();
    for (size_t i = 0; i < n; ++i)
      key_bytes.push_back(keys::record(urls[base + i]));
    for (const auto& k : key_bytes)
      key_slices.emplace_back(k);
    for (auto& v : values)
      v.Reset();
    db.MultiGet(ro, db.DefaultColumnFamily(), n, key_slices.data(), values.data(), statuses.data());
    for (size_t i = 0; i < n; ++i) {
      const std::string& url = urls[base + i];
      if (statuses[i].IsNotFound())
        continue;
      if (!statuses[i].ok())
        return from_rocksdb(statuses[i], "cannot read the record of " + url);
      out[base + i] = decode(values[i].ToString());
      if (!out[base + i])
        return {status::code::corruption, "the stored record of " + url + " is unreadable"};
    }
  }
  return status::make_ok();
}

// "r/<20 digits>/<url>" -> url; empty when the key does not have that shape.
std::string retention_url(const std::string& key) {
  constexpr size_t prefix = 2 + 20 + 1;
  return key.size() > prefix && key[prefix - 1] == '/' ? key.substr(prefix) : std::string();
}

} // namespace

status task_store::get(const std::string& draft_url, task_record& out) const {
  try {
    std::shared_lock<std::shared_mutex> lk(impl_->db_mu);
    if (!impl_->db)
      return impl_->unavailable();
    std::optional<task_record> rec;
    status st = read_record(*impl_->db, rocksdb::ReadOptions(), draft_url, rec);
    if (!st.ok())
      return st;
    if (!rec)
      return {status::code::not_found, "no task for " + draft_url};
    out = std::move(*rec);
    return st;
  } catch (const std::exception& e) {
    return {status::code::io_error, std::string("task store read failed: ") + e.what()};
  }
}

status task_store::load_live(std::vector<task_record>& out) const {
  try {
    std::shared_lock<std::shared_mutex> lk(impl_->db_mu);
    if (!impl_->db)
      return impl_->unavailable();
    rocksdb::DB& db = *impl_->db;
    snapshot_reads snap(db);
    std::vector<std::string> index_keys, urls;
    status st = scan_index(db, snap.ro, keys::live_begin, keys::live_end,
                           [&](const std::string& key, const std::string& url) {
                             index_keys.push_back(key);
                             urls.push_back(url);
                             return status::make_ok();
                           });
    if (!st.ok())
      return st;
    std::vector<std::optional<task_record>> recs;
    st = read_records(db, snap.ro, urls, recs);
    if (!st.ok())
      return st;
    std::vector<task_record> found;
    found.reserve(recs.size());
    size_t stale = 0;
    for (size_t i = 0; i < recs.size(); ++i) {
      auto& rec = recs[i];
      if (rec && !is_terminal(rec->status) && index_keys[i] == keys::live(rec->seq, urls[i]))
        found.push_back(std::move(*rec));
      else
        ++stale;
    }
    if (stale > 0)
      log::warn("task_store: skipped ", stale, " stale live-index entries in ", impl_->path);
    out = std::move(found);
    return st;
  } catch (const std::exception& e) {
    return {status::code::io_error, std::string("task store read failed: ") + e.what()};
  }
}

status task_store::load_webhooks(std::vector<task_record>& out) const {
  try {
    std::shared_lock<std::shared_mutex> lk(impl_->db_mu);
    if (!impl_->db)
      return impl_->unavailable();
    rocksdb::DB& db = *impl_->db;
    snapshot_reads snap(db);
    std::vector<std::string> urls;
    status st = scan_index(db, snap.ro, keys::webhook_begin, keys::webhook_end,
                           [&](const std::string&, const std::string& url) {
                             urls.push_back(url);
                             return status::make_ok();
                           });
    if (!st.ok())
      return st;
    std::vector<std::optional<task_record>> recs;
    st = read_records(db, snap.ro, urls, recs);
    if (!st.ok())
      return st;
    out.clear();
    for (auto& rec : recs)
      if (rec && is_terminal(rec->status) && webhook_due(*rec))
        out.push_back(std::move(*rec));
    return st;
  } catch (const std::exception& e) {
    return {status::code::io_error, std::string("task store read failed: ") + e.what()};
  }
}

status task_store::load_chunks(const std::string& task_id,
                               std::map<std::string, std::string>& out) const {
  try {
    std::shared_lock<std::shared_mutex> lk(impl_->db_mu);
    if (!impl_->db)
      return impl_->unavailable();
    out.clear();
    const std::string begin = keys::chunks_begin(task_id);
    return scan_index(*impl_->db, rocksdb::ReadOptions(), begin, keys::chunks_end(task_id),
                      [&](const std::string& key, const std::string& value) {
                        out[key.substr(begin.size())] = value;
                        return status::make_ok();
                      });
  } catch (const std::exception& e) {
    return {status::code::io_error, std::string("task store read failed: ") + e.what()};
  }
}

status task_store::expired(int64_t cutoff_ms, size_t limit, std::vector<task_record>& out) const {
  try {
    std::shared_lock<std::shared_mutex> lk(impl_->db_mu);
    if (!impl_->db)
      return impl_->unavailable();
    out.clear();
    if (limit == 0 || cutoff_ms <= 0)
      return status::make_ok(); // retention keys clamp negative times to 0: none is below
    rocksdb::DB& db = *impl_->db;
    std::vector<task_record> found;
    snapshot_reads snap(db);
    const rocksdb::ReadOptions& ro = snap.ro;
    status st = scan_index(db, ro, keys::retention_begin, "r/" + keys::time20(cutoff_ms),
                           [&](const std::string& key, const std::string& /*value*/) {
                             std::string url = retention_url(key);
                             std::optional<task_record> rec;
                             status s = read_record(db, ro, url, rec);
                             if (!s.ok())
                               return s;
                             if (rec && is_terminal(rec->status) &&
                                 key == keys::retention(rec->completed_at_ms, url))
                               found.push_back(std::move(*rec));
                             if (found.size() >= limit)
                               return status{status::code::not_found, "limit reached"};
                             return status::make_ok();
                           });
    if (!st.ok())
      return st;
    out = std::move(found);
    return st;
  } catch (const std::exception& e) {
    return {status::code::io_error, std::string("task store read failed: ") + e.what()};
  }
}

} // namespace cutqueue::storage
