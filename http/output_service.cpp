#include "http/output_service.hpp"

#include "common/log.hpp"
#include "common/service_metrics.hpp"
#include "http/answer_context.hpp"
#include "http/api_answer.hpp"
#include "http/connection_gate.hpp"
#include "http/replies.hpp"

#include <pistache/peer.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <sys/socket.h>

namespace cutqueue::http {

using namespace Pistache;

namespace {

std::string raw_header(const Rest::Request& req, const char* name) {
  auto h = req.headers().tryGetRaw(name);
  return h ? h->value() : std::string();
}

/// HTTP/1.1 keeps a connection unless told to close; HTTP/1.0 only when asked to keep it.
bool keeps_alive(const Rest::Request& req) {
  auto connection = req.headers().tryGet<Http::Header::Connection>();
  if (req.version() == Http::Version::Http11)
    return !connection || connection->control() != Http::ConnectionControl::Close;
  return connection && connection->control() == Http::ConnectionControl::KeepAlive;
}

/// What one answer needs once it leaves the reactor thread.
struct exchange {
  output_request req;
  std::shared_ptr<connection_gate> gate;
  std::weak_ptr<Tcp::Peer> peer; ///< never kept alive from here: Pistache owns it
  unique_fd socket;              ///< our own descriptor of the connection, for the body
  std::string request_id;        ///< X-Request-ID of the answer
};

/// Every answer names its request, downloads too: the id goes right after the status line.
void insert_request_id(std::string& head, const std::string& id) {
  auto eol = head.find("\r\n");
  if (eol != std::string::npos)
    head.insert(eol + 2, "X-Request-ID: " + id + "\r\n");
}

/// Closes the connection for Pistache too: it reads the end of the stream and drops it.
void close_connection(const exchange& x) {
  if (x.socket.get() >= 0)
    ::shutdown(x.socket.get(), SHUT_RDWR);
}

void answer(const std::shared_ptr<exchange>& x, const output_settings& settings,
            const std::weak_ptr<output_streamer>& streamer) {
  auto a = answer_output(x->req, settings, std::time(nullptr));
  auto peer = x->peer.lock();
  if (!peer) {
    x->gate->give_back();
    return;
  }
  insert_request_id(a.head, x->request_id);
  metrics::http_request(settings.metrics.get(), "/outputs/:file", a.status);
  std::string bytes = a.head + a.text;
  if (a.length == 0) {
    // The whole answer goes into Pistache's queue, and the connection is free again in the same
    // step: a request the client sends as soon as it has read this answer is handed on, and its
    // answer queues behind this one.
    std::optional<Async::Promise<ssize_t>> written;
    bool close = x->gate->give_back_after(
        [&] { written.emplace(peer->send(RawBuffer(bytes, bytes.size()))); });
    peer.reset();
    if (close || !x->req.keep_alive)
      written->then([x](ssize_t) { close_connection(*x); }, [](std::exception_ptr) {});
    return;
  }
  auto written = peer->send(RawBuffer(bytes, bytes.size()));
  peer.reset();
  // The body goes past Pistache's queue, so it may only start once the head (and everything
  // queued before it) is written; until then and while it runs the connection stays taken.
  auto file = std::make_shared<output_answer>(std::move(a));
  written.then(
      [x, file, streamer](ssize_t) {
        auto s = streamer.lock();
        if (!s) {
          x->gate->give_back();
          return;
        }
        output_streamer::body b;
        b.socket = std::move(x->socket);
        b.file = std::move(file->file);
        b.offset = file->offset;
        b.length = file->length;
        b.done = [x](bool ok) { return x->gate->give_back() || !x->req.keep_alive || !ok; };
        b.last_write = [gate = x->gate](bool finishing) { gate->last_write(finishing); };
        s->send(std::move(b));
      },
      [x](std::exception_ptr) { x->gate->give_back(); });
}

} // namespace

output_service::output_service(output_settings settings, std::chrono::milliseconds stall_timeout)
    : settings_(std::move(settings)), streamer_(std::make_shared<output_streamer>(stall_timeout)) {}

output_service::~output_service() {
  stop();
}

void output_service::stop() {
  streamer_->stop();
}

void output_service::handle(const Rest::Request& req, Http::ResponseWriter w) {
  auto x = std::make_shared<exchange>();
  x->req.name = req.param(":file").as<std::string>();
  x->req.head = req.method() == Http::Method::Head;
  x->req.keep_alive = keeps_alive(req);
  x->req.range = raw_header(req, "Range");
  x->req.if_range = raw_header(req, "If-Range");
  x->req.if_none_match = raw_header(req, "If-None-Match");
  x->req.if_modified_since = raw_header(req, "If-Modified-Since");
  auto id = raw_header(req, "X-Request-ID");
  x->request_id =
      make_answer_context(std::nullopt, std::nullopt,
                          id.empty() ? std::nullopt : std::optional<std::string_view>(id),
                          response_style::plain)
          .request_id;
  x->gate = connection_gate::current();
  if (!x->gate) // a router driven without guarded_handler (unit tests): nothing to share
    x->gate = std::make_shared<connection_gate>();
  auto peer = w.peer();
  x->peer = peer;
  // Our own descriptor: if Pistache closes its one (the client left), ours stays valid and can
  // never name another connection that reused the number.
  x->socket.reset(peer ? ::fcntl(peer->fd(), F_DUPFD_CLOEXEC, 0) : -1);
  if (x->socket.get() < 0) {
    log::warn("outputs: cannot take the connection (", std::strerror(errno), ")");
    keep_alive_by_default(req, w);
    add_request_id(w, x->request_id);
    send_error(w, 503, "Service busy");
    return;
  }
  std::weak_ptr<output_streamer> streamer = streamer_;
  auto settings = settings_;
  x->gate->take([x, streamer, settings] {
    if (auto s = streamer.lock())
      s->post([x, streamer, settings] { answer(x, settings, streamer); });
    else
      x->gate->give_back();
  });
}

} // namespace cutqueue::http
