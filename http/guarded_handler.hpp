// The Pistache handler the endpoint really gets: it watches each connection's bytes with a
// request_framer and passes them on to the router's handler, except that a request whose head
// announces too large a body is answered 413 at once and its connection closed, without
// buffering or parsing the upload (Pistache 0.0.5 would read all of it first, then parse the
// rest of the body as garbage requests).
#pragma once

#include <pistache/http.h>

#include <memory>
#include <mutex>
#include <unordered_map>

namespace cutqueue::http {

struct guard_limits {
  size_t max_body = 64 * 1024;
  size_t max_head = 64 * 1024;
};

struct peer_guard;

class guarded_handler : public Pistache::Http::Handler {
public:
  guarded_handler(std::shared_ptr<Pistache::Http::Handler> inner, guard_limits limits);

  std::shared_ptr<Pistache::Tcp::Handler> clone() const override;

  // Never called: requests reach the inner handler's own onRequest.
  void onRequest(const Pistache::Http::Request& req,
                 Pistache::Http::ResponseWriter response) override;

  void onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
  void onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
  void onInput(const char* buffer, size_t len,
               const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;

  /// Connections whose state this handler still holds, closed ones not yet swept included.
  size_t tracked_connections();

private:
  /// The inner handler writes responses through its transport, which Pistache only sets on the
  /// handler it was given, i.e. this one; done lazily because that happens after clone().
  void attach_inner();

  std::shared_ptr<peer_guard> guard_of(const Pistache::Tcp::Peer* peer);

  std::shared_ptr<Pistache::Http::Handler> inner_;
  guard_limits limits_;
  bool attached_ = false;
  // Per-connection state lives here, not in the Peer's data: a Peer is freed by whichever
  // Pistache thread drops it last (the listener, sometimes), so state stored in it would die on
  // another thread than the transport thread that used it. Here it is created and erased on
  // the transport thread; the mutex only matters if Pistache ever shared a handler.
  struct guard_entry {
    std::shared_ptr<peer_guard> guard;
    std::weak_ptr<Pistache::Tcp::Peer> peer;
  };
  std::mutex guards_mutex_;
  std::unordered_map<const Pistache::Tcp::Peer*, guard_entry> guards_;
  size_t sweep_at_ = 64;
};

} // namespace cutqueue::http
