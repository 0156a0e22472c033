// The status page's read: the retention index walked backwards from its end, so the newest
// finished tasks come first and the walk stops after `limit` of them whatever the store holds.
#include "storage/store_impl.hpp"

namespace cutqueue::storage {

status task_store::recent_finished(size_t limit, std::vector<task_record>& out) const {
  try {
    std::shared_lock<std::shared_mutex> lk(impl_->db_mu);
    if (!impl_->db)
      return impl_->unavailable();
    out.clear();
    rocksdb::DB& db = *impl_->db;
    rocksdb::ReadOptions ro;
    ro.snapshot = db.GetSnapshot();
    rocksdb::Slice lower(keys::retention_begin);
    ro.iterate_lower_bound = &lower;
    status st;
    {
      std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(ro));
      constexpr size_t prefix = 2 + 20 + 1; // "r/<20 digits>/"
      for (it->SeekForPrev(keys::retention_end); it->Valid() && out.size() < limit; it->Prev()) {
        const std::string key = it->key().ToString();
        if (key == keys::retention_end || key.size() <= prefix)
          continue;
        const std::string url = key.substr(prefix);
        std::string bytes;
        rocksdb::Status s = db.Get(ro, keys::record(url), &bytes);
        if (s.IsNotFound())
          continue;
        if (!s.ok()) {
          st = from_rocksdb(s, "cannot read the record of " + url);
          break;
        }
        auto rec = decode(bytes);
        // The index is a hint: a task re-submitted since is live, and its old entry is stale.
        if (rec && is_terminal(rec->status) && key == keys::retention(rec->completed_at_ms, url))
          out.push_back(std::move(*rec));
      }
      if (st.ok() && !it->status().ok())
        st = from_rocksdb(it->status(), "cannot scan the retention index");
    }
    db.ReleaseSnapshot(ro.snapshot);
    return st;
  } catch (const std::exception& e) {
    return {status::code::io_error, std::string("task store read failed: ") + e.what()};
  }
}

} // namespace cutqueue::storage
