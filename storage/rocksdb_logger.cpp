// RocksDB's own LOG file lives in the data folder, so on a full disk its writes fail too, and
// Debian's librocksdb (built with assertions) aborts the process on the next write to a file that
// already failed. Its warnings and errors go to cutqueue's log stream instead, which also keeps
// one place for an operator to read.
#include "common/log.hpp"
#include "storage/store_impl.hpp"

#include <rocksdb/env.h>

#include <cstdarg>
#include <cstdio>

namespace cutqueue::storage {

namespace {

class forwarding_logger final : public rocksdb::Logger {
public:
  forwarding_logger() : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL) {}

  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, ap);
  }
  void Logv(const rocksdb::InfoLogLevel level, const char* format, va_list ap) override {
    if (level < GetInfoLogLevel())
      return;
    char buf[1024];
    std::vsnprintf(buf, sizeof buf, format, ap);
    if (level >= rocksdb::InfoLogLevel::ERROR_LEVEL)
      log::error("rocksdb: ", buf);
    else
      log::warn("rocksdb: ", buf);
  }
};

} // namespace

std::shared_ptr<rocksdb::Logger> make_rocksdb_logger() {
  return std::make_shared<forwarding_logger>();
}

} // namespace cutqueue::storage
