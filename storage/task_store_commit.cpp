// The write path: producers queue, one committer thread turns everything queued into one
// WriteBatch and one fsync (group commit), then answers the callbacks in queue order.
#include "common/log.hpp"
#include "common/service_metrics.hpp"
#include "storage/store_impl.hpp"

#include <rocksdb/write_batch.h>

#include <algorithm>
#include <future>
#include <optional>
#include <unordered_map>

namespace cutqueue::storage {

namespace {

status closed_status(const std::string& path) {
  return {status::code::io_error, "task store for data folder " + path + " is closed"};
}

// Callbacks belong to other layers; one that throws must not kill the committer and with it
// every later write.
void run_callback(const task_store::done_fn& done, const status& st) {
  if (!done)
    return;
  try {
    done(st);
  } catch (const std::exception& e) {
    log::error("task_store: write callback threw: ", e.what());
  } catch (...) {
    log::error("task_store: write callback threw a non-standard exception");
  }
}

// Latest state per draft_url within the batch being built; nullopt = erased in this batch.
using overlay_map = std::unordered_map<std::string, std::optional<task_record>>;

// The record a queued op replaces: the batch's own earlier write if any, else the database.
status previous(rocksdb::DB& db, const overlay_map& overlay, const std::string& url,
                std::optional<task_record>& prev) {
  if (auto it = overlay.find(url); it != overlay.end()) {
    prev = it->second;
    return status::make_ok();
  }
  std::string bytes;
  rocksdb::Status s = db.Get(rocksdb::ReadOptions(), keys::record(url), &bytes);
  if (s.IsNotFound()) {
    prev.reset();
    return status::make_ok();
  }
  if (!s.ok())
    return from_rocksdb(s, "cannot read the previous record of " + url);
  prev = decode(bytes);
  // Its index keys cannot be found then; readers verify index entries against the record, so a
  // stale entry is skipped rather than trusted, and the new record still gets written.
  if (!prev)
    log::warn("task_store: replacing an unreadable record for ", url);
  return status::make_ok();
}

// Live-index keys are written once and removed with SingleDelete, so a finished task's Put and
// its delete cancel out at flush instead of leaving tombstones for every recovery scan to skip.
void drop_indices(rocksdb::WriteBatch& wb, const std::string& url, const task_record& prev,
                  const task_record* next) {
  if (webhook_due(prev) && (!next || !webhook_due(*next)))
    wb.Delete(keys::webhook(url));
  if (is_terminal(prev.status)) {
    if (!next || !is_terminal(next->status) || next->completed_at_ms != prev.completed_at_ms)
      wb.Delete(keys::retention(prev.completed_at_ms, url));
  } else if (!next || is_terminal(next->status) || next->seq != prev.seq) {
    wb.SingleDelete(keys::live(prev.seq, url));
  }
}

void add_indices(rocksdb::WriteBatch& wb, const std::optional<task_record>& prev,
                 const task_record& rec) {
  if (webhook_due(rec) && !(prev && webhook_due(*prev)))
    wb.Put(keys::webhook(rec.draft_url), rec.draft_url);
  const bool same_kind = prev && is_terminal(prev->status) == is_terminal(rec.status);
  if (is_terminal(rec.status)) {
    if (!same_kind || prev->completed_at_ms != rec.completed_at_ms)
      wb.Put(keys::retention(rec.completed_at_ms, rec.draft_url), "");
  } else if (!same_kind || prev->seq != rec.seq) {
    wb.Put(keys::live(rec.seq, rec.draft_url), rec.draft_url);
  }
}

} // namespace

void task_store::impl::start() {
  committer = std::thread([this] { run(); });
}

void task_store::impl::enqueue(queued_op op) {
  {
    std::lock_guard<std::mutex> lk(queue_mu);
    if (!stopping) {
      queue.push_back(std::move(op));
      queue_cv.notify_one();
      return;
    }
  }
  run_callback(op.done, closed_status(path));
}

/// Most writes one WriteBatch (and one fsync) carries.
constexpr size_t max_batch_ops = 1024;

void task_store::impl::run() {
  for (;;) {
    std::deque<queued_op> ops;
    {
      std::unique_lock<std::mutex> lk(queue_mu);
      queue_cv.wait(lk, [this] { return stopping || !queue.empty(); });
      if (queue.empty())
        return; // stopping and drained
      if (queue.size() <= max_batch_ops) {
        ops.swap(queue);
      } else {
        // A bounded batch keeps each memtable insert (and WAL record) small enough for RocksDB
        // to flush on schedule: one giant batch would leave the whole burst in the WAL, to be
        // replayed slowly at the next start. Group commit still packs max_batch_ops per fsync.
        auto end = queue.begin() + static_cast<std::ptrdiff_t>(max_batch_ops);
        ops.insert(ops.end(), std::make_move_iterator(queue.begin()), std::make_move_iterator(end));
        queue.erase(queue.begin(), end);
      }
    }
    commit(ops);
  }
}

void task_store::impl::commit(std::deque<queued_op>& ops) {
  std::vector<status> results(ops.size());
  auto finish = [&] {
    for (size_t i = 0; i < ops.size(); ++i)
      run_callback(ops[i].done, results[i]);
  };
  if (needs_reopen) {
    status st = recover_for_writes();
    if (!st.ok()) {
      std::fill(results.begin(), results.end(), st);
      return finish();
    }
  }
  rocksdb::WriteBatch wb;
  overlay_map overlay;
  bool sync = false;
  try {
    for (size_t i = 0; i < ops.size(); ++i) {
      queued_op& op = ops[i];
      if (op.chunk) {
        if (op.erase)
          wb.DeleteRange(op.chunk_key, op.chunk_value);
        else
          wb.Put(op.chunk_key, op.chunk_value);
        sync = sync || op.sync;
        continue;
      }
      const std::string& url = op.erase ? op.draft_url : op.rec.draft_url;
      if (!op.erase && !storable_text(op.rec)) {
        results[i] = {status::code::invalid,
                      "record for " + url + " holds text that is not valid UTF-8"};
        continue;
      }
      std::optional<task_record> prev;
      results[i] = previous(*db, overlay, url, prev);
      if (!results[i].ok())
        continue;
      if (prev)
        drop_indices(wb, url, *prev, op.erase ? nullptr : &op.rec);
      if (op.erase) {
        wb.Delete(keys::record(url));
        if (prev && !prev->task_id.empty())
          wb.DeleteRange(keys::chunks_begin(prev->task_id), keys::chunks_end(prev->task_id));
        overlay[url] = std::nullopt;
      } else {
        wb.Put(keys::record(url), encode(op.rec));
        add_indices(wb, prev, op.rec);
        overlay[url] = op.rec;
      }
      sync = sync || op.sync;
    }
    if (wb.Count() > 0) {
      rocksdb::WriteOptions wo;
      wo.sync = sync;
      auto began = std::chrono::steady_clock::now();
      rocksdb::Status s = db->Write(wo, &wb);
      metrics::store_commit(
          metrics.get(),
          std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
      if (!s.ok()) {
        std::string what = s.IsNoSpace() ? "data folder " + path + " is full"
                                         : "cannot write to data folder " + path;
        last_write_error = from_rocksdb(s, what);
        needs_reopen = true;
        next_reopen_attempt = std::chrono::steady_clock::now();
        log::error("task_store: ", last_write_error.message);
        for (auto& r : results)
          if (r.ok())
            r = last_write_error;
      }
    }
  } catch (const std::exception& e) {
    // Allocation failure while building the batch: nothing was written, say so to everyone.
    for (auto& r : results)
      if (r.ok())
        r = {status::code::io_error, std::string("task store write failed: ") + e.what()};
  }
  finish();
}

void task_store::impl::shutdown() {
  if (std::this_thread::get_id() == committer.get_id()) {
    // Joining itself would throw; the owner closes the store later from another thread.
    log::error("task_store: close() called from a write callback; ignored");
    return;
  }
  std::lock_guard<std::mutex> close_lk(close_mu);
  {
    std::lock_guard<std::mutex> lk(queue_mu);
    stopping = true;
  }
  queue_cv.notify_all();
  if (committer.joinable())
    committer.join();
  std::unique_lock<std::shared_mutex> db_lk(db_mu);
  if (db) {
    rocksdb::Status s = db->Close();
    if (!s.ok())
      log::warn("task_store: closing ", path, ": ", s.ToString());
    db.reset();
  }
}

void task_store::write_async(task_record rec, bool sync, done_fn done) {
  queued_op op;
  op.rec = std::move(rec);
  op.sync = sync;
  op.done = std::move(done);
  impl_->enqueue(std::move(op));
}

void task_store::erase_async(std::string draft_url, done_fn done) {
  queued_op op;
  op.erase = true;
  // Synced: the sweep deletes the output file after this, and a record that came back after a
  // crash would point at a file that is gone.
  op.sync = true;
  op.draft_url = std::move(draft_url);
  op.done = std::move(done);
  impl_->enqueue(std::move(op));
}

status task_store::put_chunk(const std::string& task_id, const std::string& unit,
                             const std::string& value) {
  if (std::this_thread::get_id() == impl_->committer.get_id())
    return {status::code::invalid, "task_store::put_chunk called from a write callback"};
  try {
    auto done = std::make_shared<std::promise<status>>();
    auto result = done->get_future();
    queued_op op;
    op.chunk = true;
    op.chunk_key = keys::chunk(task_id, unit);
    op.chunk_value = value;
    op.done = [done](const status& st) { done->set_value(st); };
    impl_->enqueue(std::move(op));
    return result.get();
  } catch (const std::exception& e) {
    return {status::code::io_error, std::string("task store write failed: ") + e.what()};
  }
}

void task_store::drop_chunks_async(const std::string& task_id, done_fn done) {
  queued_op op;
  op.chunk = true;
  op.erase = true;
  op.chunk_key = keys::chunks_begin(task_id);
  op.chunk_value = keys::chunks_end(task_id);
  op.done = std::move(done);
  impl_->enqueue(std::move(op));
}

status task_store::write(const task_record& rec) {
  if (std::this_thread::get_id() == impl_->committer.get_id())
    return {status::code::invalid, "task_store::write called from a write callback would "
                                   "wait for itself; use write_async"};
  try {
    auto done = std::make_shared<std::promise<status>>();
    auto result = done->get_future();
    write_async(rec, true, [done](const status& st) { done->set_value(st); });
    return result.get();
  } catch (const std::exception& e) {
    return {status::code::io_error, std::string("task store write failed: ") + e.what()};
  }
}

void task_store::close() {
  if (impl_)
    impl_->shutdown();
}

} // namespace cutqueue::storage
