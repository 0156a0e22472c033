#include "actors/store_chunk_ledger.hpp"

#include "common/log.hpp"
#include "storage/task_store.hpp"

namespace cutqueue {

namespace {

class store_chunk_ledger final : public render::chunk_ledger {
public:
  explicit store_chunk_ledger(storage::task_store& store) : store_(store) {}

  bool load(const std::string& task_id, std::map<std::string, std::string>& out) override {
    const storage::status st = store_.load_chunks(task_id, out);
    if (!st.ok())
      log::warn("chunks: cannot read the records of task ", task_id, ": ", st.message);
    return st.ok();
  }

  bool record(const std::string& task_id, const std::string& unit, const std::string& value,
              const std::string& /*file: already in the task's chunk folder here*/) override {
    const storage::status st = store_.put_chunk(task_id, unit, value);
    if (!st.ok())
      log::warn("chunks: cannot record ", unit, " of task ", task_id, ": ", st.message);
    return st.ok();
  }

  void forget(const std::string& task_id) override {
    store_.drop_chunks_async(task_id, [task_id](const storage::status& st) {
      if (!st.ok())
        log::warn("chunks: cannot drop the records of task ", task_id, ": ", st.message);
    });
  }

private:
  storage::task_store& store_;
};

} // namespace

std::shared_ptr<render::chunk_ledger> make_store_chunk_ledger(storage::task_store& store) {
  return std::make_shared<store_chunk_ledger>(store);
}

} // namespace cutqueue
