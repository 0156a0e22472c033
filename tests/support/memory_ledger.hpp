// A chunk ledger in memory for tests: what a chunked render records, and the order it did.
#pragma once

#include "render/chunk_services.hpp"

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace cutqueue::testing {

struct memory_ledger : render::chunk_ledger {
  bool load(const std::string& task, std::map<std::string, std::string>& out) override {
    std::lock_guard<std::mutex> lk(mu);
    out = records[task];
    return true;
  }
  bool record(const std::string& task, const std::string& unit, const std::string& value,
              const std::string&) override {
    std::lock_guard<std::mutex> lk(mu);
    records[task][unit] = value;
    recorded.push_back(unit);
    return true;
  }
  void forget(const std::string& task) override {
    std::lock_guard<std::mutex> lk(mu);
    records.erase(task);
  }
  std::mutex mu;
  std::map<std::string, std::map<std::string, std::string>> records;
  std::vector<std::string> recorded; ///< units, in the order they were recorded
};

} // namespace cutqueue::testing
