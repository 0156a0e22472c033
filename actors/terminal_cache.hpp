// Finished task records kept in memory so that status polling of recently finished tasks is
// answered by the supervisor without a storage read. Bounded: oldest insertions leave first.
#pragma once

#include "storage/task_record.hpp"

#include <deque>
#include <string>
#include <unordered_map>

namespace cutqueue {

class terminal_cache {
public:
  explicit terminal_cache(size_t capacity) : capacity_(capacity) {}

  void put(const storage::task_record& rec);
  void erase(const std::string& draft_url) { entries_.erase(draft_url); }
  /// nullptr when absent.
  const storage::task_record* find(const std::string& draft_url) const;
  size_t size() const { return entries_.size(); }

private:
  size_t capacity_;
  std::unordered_map<std::string, storage::task_record> entries_;
  std::deque<std::string> order_; ///< insertion order; may name erased or re-put entries
};

} // namespace cutqueue
