#include "actors/terminal_cache.hpp"

namespace cutqueue {

void terminal_cache::put(const storage::task_record& rec) {
  if (capacity_ == 0)
    return;
  entries_[rec.draft_url] = rec;
  order_.push_back(rec.draft_url);
  // Stale names in order_ (erased or re-put entries) make eviction approximate but keep every
  // operation O(1) amortised; the deque is trimmed along with the map.
  while (entries_.size() > capacity_ || order_.size() > 2 * capacity_ + 16) {
    auto victim = std::move(order_.front());
    order_.pop_front();
    if (entries_.size() > capacity_)
      entries_.erase(victim);
  }
}

const storage::task_record* terminal_cache::find(const std::string& draft_url) const {
  auto i = entries_.find(draft_url);
  return i == entries_.end() ? nullptr : &i->second;
}

} // namespace cutqueue
