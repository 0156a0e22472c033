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
  std::lock_guard<std::mutex> lock(mu_);
  taken_ = false;
  bool close = input_held_;
  input_held_ = false;
  return close;
}

bool connection_gate::admit_input() {
  std::lock_guard<std::mutex> lock(mu_);
  if (taken_)
    input_held_ = true;
  return !taken_;
}

} // namespace cutqueue::http
