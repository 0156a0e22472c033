#include "actors/recent_tasks.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <unordered_set>

namespace cutqueue {

namespace {

using storage::task_record;
using namespace std::chrono_literals;

/// Every reply comes from a local actor that answers from memory or one RocksDB read.
constexpr auto reply_timeout = 10s;

struct gathering {
  std::vector<task_record> live;
  std::vector<task_record> finished;
  size_t waiting = 0;
  caf::error failure;
};

std::vector<task_record> merge(gathering& g, uint32_t limit) {
  std::unordered_set<std::string> seen;
  std::vector<task_record> out;
  for (auto* part : {&g.live, &g.finished})
    for (auto& rec : *part)
      if (seen.insert(rec.draft_url).second)
        out.push_back(std::move(rec));
  std::stable_sort(out.begin(), out.end(), [](const task_record& a, const task_record& b) {
    return a.created_at_ms > b.created_at_ms;
  });
  if (out.size() > limit)
    out.resize(limit);
  return out;
}

recent_tasks_actor::behavior_type recent_tasks(recent_tasks_actor::pointer self,
                                               std::vector<task_actor> live,
                                               store_reader_actor reader) {
  return {
      [=](recent_atom, uint32_t limit) -> caf::result<std::vector<task_record>> {
        auto rp = self->make_response_promise<std::vector<task_record>>();
        auto g = std::make_shared<gathering>();
        g->waiting = live.size() + 1;
        auto done = [self, rp, g, limit]() mutable {
          if (--g->waiting > 0)
            return;
          if (g->failure)
            rp.deliver(g->failure);
          else
            rp.deliver(merge(*g, limit));
          self->quit();
        };
        self->request(reader, reply_timeout, recent_atom::value, limit)
            .then(
                [g, done](std::vector<task_record>& recs) mutable {
                  g->finished = std::move(recs);
                  done();
                },
                [g, done](caf::error& err) mutable {
                  g->failure = std::move(err);
                  done();
                });
        // A task that ends between the supervisor's look and this request is gone: it is
        // simply left out (it shows as finished on the next poll).
        for (auto& task : live)
          self->request(task, reply_timeout, status_atom::value)
              .then(
                  [g, done](task_record& rec) mutable {
                    g->live.push_back(std::move(rec));
                    done();
                  },
                  [done](caf::error&) mutable { done(); });
        return rp;
      },
  };
}

} // namespace

recent_tasks_actor spawn_recent_tasks(caf::local_actor* parent, std::vector<task_actor> live,
                                      store_reader_actor reader) {
  return parent->spawn(recent_tasks, std::move(live), std::move(reader));
}

} // namespace cutqueue
