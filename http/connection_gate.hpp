// Who may write to one HTTP connection, between Pistache and the output streamer. A download's
// body goes from the streamer thread straight into the socket (sendfile), past Pistache's write
// queue, so while it owns a connection nothing else may write there:
//   - answers to earlier requests must be queued first: their replies may still be with the
//     actors, so the download waits until none is pending;
//   - later requests on the same connection (pipelined) are not passed on: the connection is
//     closed once the download is out, and the client sends them again (RFC 9112 9.3.2).
// guarded_handler keeps one gate per connection and makes it current() while it hands that
// connection's bytes to Pistache, which is when route handlers run. Thread-safe.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

namespace cutqueue::http {

class connection_gate {
public:
  /// The gate of the connection whose request this thread is dispatching; nullptr outside
  /// guarded_handler (tests that drive the router alone).
  static std::shared_ptr<connection_gate> current();

  /// Makes `gate` current() for the life of the object (guarded_handler, around one dispatch).
  class scope {
  public:
    explicit scope(std::shared_ptr<connection_gate> gate);
    ~scope();
    scope(const scope&) = delete;
    scope& operator=(const scope&) = delete;

  private:
    std::shared_ptr<connection_gate> previous_;
  };

  /// A request of this connection went to the actors; its reply comes later.
  void reply_pending();
  /// That reply was handed to Pistache (queued in order): may start a waiting download.
  void reply_queued();

  /// Takes the connection for a response written past Pistache's queue. `start` runs now (on
  /// this thread) when no reply is pending, else on the thread that queues the last one.
  void take(std::function<void()> start);
  /// Gives it back. True when input arrived meanwhile: the caller must close the connection.
  bool give_back();
  /// Runs `queue` (which queues the rest of the answer in Pistache's ordered write queue) and
  /// gives the connection back in one step: input that arrives meanwhile waits for both and is
  /// then handed on normally, its answers queued behind ours. Returns what give_back() does.
  bool give_back_after(const std::function<void()>& queue);

  /// The body's last bytes are being written (finishing = true), or that write ended short
  /// (false). A client that has read the whole answer may send its next request before the
  /// writer gets to give_back(); admit_input() waits for this short write to end rather than
  /// mistake that request for a pipelined one.
  void last_write(bool finishing);

  /// For input that arrives: false while the connection is taken (the bytes must be dropped;
  /// give_back() then asks for a close).
  bool admit_input();

private:
  std::mutex mu_;
  std::condition_variable released_;
  int pending_replies_ = 0;
  bool taken_ = false;
  bool finishing_ = false;
  bool input_held_ = false;
  std::function<void()> waiting_; ///< a take() waiting for pending replies
};

} // namespace cutqueue::http
