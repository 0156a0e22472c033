// Lets the task actor stop a blocking export from outside its thread: on timeout and on shutdown.
#pragma once

#include <atomic>
#include <cstdint>

namespace cutqueue {

enum class cancel_reason : uint8_t { none, timeout, shutdown };

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
