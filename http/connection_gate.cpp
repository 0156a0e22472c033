#include "http/connection_gate.hpp"

namespace cutqueue::http {

namespace {

// One dispatch at a time per reactor thread, so a thread-local is exact.
thread_local std::shared_ptr<connection_gate> current_gate;

} // namespace

std::shared_ptr<connection_gate> connection_gate::current() {
  return current_gate;
}

connection_gate::scope::scope(std::shared_ptr<connection_gate> gate)
    : previous_(std::move(current_gate)) {
  current_gate = std::move(gate);
}

connection_gate::scope::~scope() {
  current_gate = std::move(previous_);
}

void connection_gate::reply_pending() {
  std::lock_guard<std::mutex> lock(mu_);
  ++pending_replies_;
}

void connection_gate::reply_queued() {
  std::function<void()> start;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (pending_replies_ > 0)
      --pending_replies_;
    if (pending_replies_ == 0 && waiting_) {
      start = std::move(waiting_);
      waiting_ = nullptr;
    }
  }
  if (start)
    start();
}

void connection_gate::take(std::function<void()> start) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    taken_ = true;
    if (pending_replies_ > 0) {
      waiting_ = std::move(start);
      return;
    }
  }
  start();
}

bool connection_gate::give_back() {
  bool close = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    taken_ = false;
    finishing_ = false;
    close = input_held_;
    input_held_ = false;
  }
  released_.notify_all();
  return close;
}

void connection_gate::last_write(bool finishing) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    finishing_ = finishing;
  }
  if (!finishing)
    released_.notify_all();
}

bool connection_gate::give_back_after(const std::function<void()>& queue) {
  // The lock is held while `queue` runs: Pistache's asyncWrite only appends to its queue and
  // wakes its reactor, so admit_input() on that reactor waits a few microseconds at most.
  std::lock_guard<std::mutex> lock(mu_);
  queue();
  taken_ = false;
  bool close = input_held_;
  input_held_ = false;
  finishing_ = false;
  released_.notify_all();
  return close;
}

bool connection_gate::admit_input() {
  std::unique_lock<std::mutex> lock(mu_);
  // At most one write of bytes that are already in memory (the writer reads them ahead): the
  // reactor waits microseconds, and only on a connection whose download is ending.
  released_.wait(lock, [this] { return !taken_ || !finishing_; });
  if (taken_)
    input_held_ = true;
  return !taken_;
}

} // namespace cutqueue::http
