#include "http/guarded_handler.hpp"

#include "common/log.hpp"
#include "http/answer_context.hpp"
#include "http/api_request.hpp"
#include "http/connection_gate.hpp"
#include "http/request_framer.hpp"

#include <pistache/peer.h>
#include <pistache/transport.h>

#include <chrono>
#include <sys/socket.h>

namespace cutqueue::http {

using namespace Pistache;

struct peer_guard {
  explicit peer_guard(const guard_limits& l) : framer(l.max_body, l.max_head) {}
  request_framer framer;
  /// Shared with the output service while a download owns the connection.
  std::shared_ptr<connection_gate> gate = std::make_shared<connection_gate>();
  bool refused = false;
  bool disconnected = false; ///< the transport closed the fd; it may already be reused
  uint64_t drained = 0;
  uint64_t drain_limit = 0;
  std::chrono::steady_clock::time_point refused_at;
};

namespace {

// Tcp::Handler::associateTransport is private (only Transport may call it), and Pistache
// 0.0.5 offers no other way to give a second handler the transport it must answer through.
// An explicit instantiation may name a private member (C++17 [temp.explicit]/14); this is the
// one place that relies on it.
struct associate_tag {
  using type = void (Tcp::Handler::*)(Tcp::Transport*);
  friend type member_of(associate_tag);
};
template <class Tag, typename Tag::type Member>
struct grant_access {
  friend typename Tag::type member_of(Tag) { return Member; }
};
template struct grant_access<associate_tag, &Tcp::Handler::associateTransport>;

/// A refused connection is still read for a while (lingering close): a client that sends its
/// whole body before reading, as most do, then sees the 413 instead of a reset.
constexpr uint64_t drain_slack = 1024 * 1024;
constexpr auto drain_time = std::chrono::seconds(10);

struct refusal {
  int status;
  const char* reason;
  const char* detail;
};

refusal refusal_for(request_framer::verdict v) {
  switch (v) {
  case request_framer::verdict::body_too_large:
    return {413, "Payload Too Large", "Request body too large"};
  case request_framer::verdict::head_too_large:
    return {431, "Request Header Fields Too Large", "Request header too large"};
  default:
    return {400, "Bad Request", "Malformed HTTP request"};
  }
}

std::string raw_response(const refusal& r) {
  std::string body = error_body(r.detail);
  return "HTTP/1.1 " + std::to_string(r.status) + " " + r.reason +
         "\r\nX-Request-ID: " + new_request_id() +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body;
}

void answer_and_close(const std::shared_ptr<Tcp::Peer>& peer,
                      const std::shared_ptr<peer_guard>& guard, const refusal& r) {
  std::string text = raw_response(r);
  std::weak_ptr<Tcp::Peer> weak = peer;
  // Through the transport's queue, so that it follows any response already queued for this
  // connection; the write side is closed once it is out.
  peer->send(RawBuffer(text, text.size()))
      .then(
          [weak, guard](ssize_t) {
            if (auto p = weak.lock(); p && !guard->disconnected)
              ::shutdown(p->fd(), SHUT_WR);
          },
          [](std::exception_ptr) {});
}

/// The endpoint configures the handler it was given; the one that answers needs the same.
void copy_limits(const Http::Handler& from, Http::Handler& to) {
  to.setMaxRequestSize(from.getMaxRequestSize());
  to.setMaxResponseSize(from.getMaxResponseSize());
  to.setHeaderTimeout(from.getHeaderTimeout());
  to.setBodyTimeout(from.getBodyTimeout());
}

} // namespace

guarded_handler::guarded_handler(std::shared_ptr<Http::Handler> inner, guard_limits limits)
    : inner_(std::move(inner)), limits_(limits) {}

std::shared_ptr<Tcp::Handler> guarded_handler::clone() const {
  auto inner = std::static_pointer_cast<Http::Handler>(inner_->clone());
  auto copy = std::make_shared<guarded_handler>(std::move(inner), limits_);
  copy_limits(*this, *copy);
  return copy;
}

void guarded_handler::attach_inner() {
  if (attached_)
    return;
  (inner_.get()->*member_of(associate_tag{}))(transport());
  copy_limits(*this, *inner_);
  attached_ = true;
}

void guarded_handler::onRequest(const Http::Request& req, Http::ResponseWriter response) {
  inner_->onRequest(req, std::move(response));
}

void guarded_handler::onConnection(const std::shared_ptr<Tcp::Peer>& peer) {
  attach_inner();
  {
    std::lock_guard<std::mutex> lock(guards_mutex_);
    // Pistache closes timed-out connections without onDisconnection: their entries are found
    // by their expired Peer, in a sweep each time the table has doubled since the last one.
    if (guards_.size() >= sweep_at_) {
      for (auto it = guards_.begin(); it != guards_.end();)
        it = it->second.peer.expired() ? guards_.erase(it) : std::next(it);
      sweep_at_ = std::max<size_t>(64, 2 * guards_.size());
    }
    // Also replaces an entry whose Peer is gone and whose address was reused.
    guards_[peer.get()] = {std::make_shared<peer_guard>(limits_), peer};
  }
  static_cast<Tcp::Handler&>(*inner_).onConnection(peer);
}

void guarded_handler::onDisconnection(const std::shared_ptr<Tcp::Peer>& peer) {
  std::shared_ptr<peer_guard> guard;
  {
    std::lock_guard<std::mutex> lock(guards_mutex_);
    if (auto it = guards_.find(peer.get()); it != guards_.end()) {
      guard = std::move(it->second.guard);
      guards_.erase(it);
    }
  }
  if (guard)
    guard->disconnected = true;
  static_cast<Tcp::Handler&>(*inner_).onDisconnection(peer);
}

size_t guarded_handler::tracked_connections() {
  std::lock_guard<std::mutex> lock(guards_mutex_);
  return guards_.size();
}

std::shared_ptr<peer_guard> guarded_handler::guard_of(const Tcp::Peer* peer) {
  std::lock_guard<std::mutex> lock(guards_mutex_);
  auto it = guards_.find(peer);
  return it == guards_.end() ? nullptr : it->second.guard;
}

void guarded_handler::onInput(const char* buffer, size_t len,
                              const std::shared_ptr<Tcp::Peer>& peer) {
  auto guard = guard_of(peer.get());
  if (!guard) { // not seen connecting; cannot happen with Pistache's transport
    static_cast<Tcp::Handler&>(*inner_).onInput(buffer, len, peer);
    return;
  }
  if (guard->refused) {
    guard->drained += len;
    if (guard->drained > guard->drain_limit ||
        std::chrono::steady_clock::now() - guard->refused_at > drain_time)
      ::shutdown(peer->fd(), SHUT_RDWR); // the transport then sees end of input and drops it
    return;
  }
  // One request at a time, so that a request that takes the connection (a download, see
  // connection_gate) is seen before the ones pipelined behind it are handed on.
  std::string_view rest(buffer, len);
  auto v = request_framer::verdict::pass;
  while (!rest.empty()) {
    if (!guard->gate->admit_input())
      return; // dropped: the connection closes once the download is out
    size_t used = 0;
    v = guard->framer.feed_one(rest, used);
    if (v != request_framer::verdict::pass)
      break;
    connection_gate::scope current(guard->gate);
    static_cast<Tcp::Handler&>(*inner_).onInput(rest.data(), used, peer);
    rest.remove_prefix(used);
  }
  if (v == request_framer::verdict::pass)
    return;
  // Bytes of this read before the refused request still belong to acceptable requests: they are
  // Pistache's to answer, and their responses are queued before the refusal. A reply still
  // waiting for an actor when the write side closes is lost, as with any connection that closes.
  if (size_t before = guard->framer.request_offset(); before > 0) {
    connection_gate::scope current(guard->gate);
    static_cast<Tcp::Handler&>(*inner_).onInput(rest.data(), before, peer);
  }
  guard->refused = true;
  guard->refused_at = std::chrono::steady_clock::now();
  guard->drain_limit = guard->framer.announced_remaining() + drain_slack;
  auto r = refusal_for(v);
  log::warn("http: refused a request from ", peer->address().host(), ": ", r.detail, " (", r.status,
            ")");
  answer_and_close(peer, guard, r);
}

} // namespace cutqueue::http
