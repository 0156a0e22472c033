#include "actors/store_reader.hpp"

#include "common/log.hpp"
#include "storage/task_store.hpp"

#include <cstdio>

namespace cutqueue {

namespace {

/// One sweep removes at most this many records; the next sweep continues.
constexpr size_t sweep_batch = 1000;

store_reader_actor::behavior_type store_reader(store_reader_actor::pointer,
                                               storage::task_store* store) {
  return {
      [=](status_atom, const std::string& draft_url) -> caf::result<storage::task_record> {
        storage::task_record rec;
        auto st = store->get(draft_url, rec);
        if (st.is_not_found())
          return make_error(task_error::not_found);
        if (!st.ok()) {
          log::error("status read failed for ", draft_url, ": ", st.message);
          return make_error(task_error::storage_failed);
        }
        return rec;
      },
      [=](sweep_atom, int64_t cutoff_ms) -> caf::result<std::vector<storage::task_record>> {
        std::vector<storage::task_record> out;
        auto st = store->expired(cutoff_ms, sweep_batch, out);
        if (!st.ok()) {
          log::error("retention sweep: cannot list expired tasks: ", st.message);
          return make_error(task_error::storage_failed);
        }
        return out;
      },
      [=](recent_atom, uint32_t limit) -> caf::result<std::vector<storage::task_record>> {
        std::vector<storage::task_record> out;
        auto st = store->recent_finished(limit, out);
        if (!st.ok()) {
          log::error("recent tasks: cannot list finished tasks: ", st.message);
          return make_error(task_error::storage_failed);
        }
        return out;
      },
      [=](caf::delete_atom, const std::vector<std::string>& files) {
        for (auto& f : files)
          if (std::remove(f.c_str()) != 0)
            log::warn("retention sweep: cannot remove ", f);
      },
  };
}

} // namespace

store_reader_actor spawn_store_reader(caf::actor_system& sys, storage::task_store& store) {
  return sys.spawn<caf::detached>(store_reader, &store);
}

} // namespace cutqueue
