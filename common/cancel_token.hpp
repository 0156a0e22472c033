// Lets the task actor stop a blocking export from outside its thread: on timeout, on shutdown
// and when a client cancels the task.
#pragma once

#include <atomic>
#include <cstdint>

namespace cutqueue {

/// `user`: a client cancelled the task (gen_video_cancel).
enum class cancel_reason : uint8_t { none, timeout, shutdown, user };

class cancel_token {
public:
  /// First reason wins; later calls are ignored.
  void cancel(cancel_reason why) {
    auto expected = cancel_reason::none;
    reason_.compare_exchange_strong(expected, why);
  }
  bool cancelled() const { return reason_.load() != cancel_reason::none; }
  cancel_reason reason() const { return reason_.load(); }

private:
  std::atomic<cancel_reason> reason_{cancel_reason::none};
};

} // namespace cutqueue
