// Fills a data folder's task store with finished tasks, as months of use would, so that the
// benchmarks (and restart-time measurements) run against a realistic store.
//   seed_store <data-dir> <count> [url-prefix]
// Writes completed records for <url-prefix><i> (i = 0..count-1), default prefix
// http://127.0.0.1:9/openapi/capcut-mate/v1/get_draft?draft_id=bench
#include "common/clock.hpp"
#include "storage/task_store.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  using namespace cutqueue;
  if (argc < 3) {
    std::fprintf(stderr, "usage: seed_store <data-dir> <count> [url-prefix]\n");
    return 2;
  }
  std::string prefix =
      argc > 3 ? argv[3] : "http://127.0.0.1:9/openapi/capcut-mate/v1/get_draft?draft_id=bench";
  long count = std::atol(argv[2]);
  std::unique_ptr<storage::task_store> store;
  if (auto st = storage::task_store::open({std::string{argv[1]} + "/db"}, store); !st.ok()) {
    std::fprintf(stderr, "seed_store: %s\n", st.message.c_str());
    return 1;
  }
  auto now = clock::now_ms();
  std::atomic<long> failed{0};
  for (long i = 0; i < count; ++i) {
    storage::task_record rec;
    rec.draft_url = prefix + std::to_string(i);
    rec.status = storage::task_status::completed;
    rec.progress = 100;
    rec.task_id = "seed" + std::to_string(i);
    rec.output_file = "bench-" + std::to_string(i) + ".mp4";
    rec.video_url = "http://127.0.0.1:30000/outputs/" + rec.output_file;
    rec.created_at_ms = now - 60000;
    rec.started_at_ms = now - 59000;
    rec.completed_at_ms = now - 1000;
    rec.attempt = 1;
    rec.seq = static_cast<uint64_t>(i + 1);
    // Unsynced: the committer still groups them; one synced write at the end makes all durable.
    store->write_async(std::move(rec), false, [&](const storage::status& s) {
      if (!s.ok())
        ++failed;
    });
  }
  store->close();
  std::printf("seeded %ld finished tasks (%ld failed)\n", count, failed.load());
  return failed == 0 ? 0 : 1;
}
