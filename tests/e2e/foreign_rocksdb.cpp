#include "tests/e2e/foreign_rocksdb.hpp"

#include <rocksdb/db.h>

#include <memory>

namespace cutqueue::testing {

bool make_foreign_rocksdb(const std::string& path, std::string& error) {
  rocksdb::Options opts;
  opts.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  auto st = rocksdb::DB::Open(opts, path, &raw);
  if (!st.ok()) {
    error = st.ToString();
    return false;
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  // Someone else's keys, one of them in the flushed tables and one only in the WAL, so a
  // careless open would have both to rewrite.
  for (const char* key : {"user/1", "user/2"})
    if (st = db->Put(wo, key, "someone else's data"); !st.ok())
      break;
  if (st.ok())
    st = db->Flush(rocksdb::FlushOptions());
  if (st.ok())
    st = db->Put(wo, "user/3", "not flushed yet");
  if (st.ok())
    st = db->Close();
  if (!st.ok())
    error = st.ToString();
  return st.ok();
}

} // namespace cutqueue::testing
