#include "http/api_server.hpp"

#include "common/clock.hpp"
#include "common/service_metrics.hpp"
#include "http/actor_bridge.hpp"
#include "http/answer_context.hpp"
#include "http/api_answer.hpp"
#include "http/api_keys.hpp"
#include "http/api_request.hpp"
#include "http/capcut_envelope.hpp"
#include "http/connection_gate.hpp"
#include "http/embedded_assets.hpp"
#include "http/guarded_handler.hpp"
#include "http/health_json.hpp"
#include "http/output_service.hpp"
#include "http/page_auth.hpp"
#include "http/page_replies.hpp"
#include "http/replies.hpp"
#include "http/task_json.hpp"

#include <pistache/endpoint.h>
#include <pistache/router.h>

#include <atomic>
#include <thread>

namespace cutqueue::http {

using namespace Pistache;

namespace {

constexpr const char* prefix = "/openapi/capcut-mate/v1";

const char* submitted_body =
    R"({"message":"Video generation task submitted, please use draft_url to check progress"})";

/// capcut-mate's own text for an accepted gen_video, in Chinese whatever the language asked for
/// (upstream-facts.md: the model's message replaces the translated success text).
const char* submitted_capcut = "视频生成任务已提交，请使用draft_url查询进度";

api_error busy() {
  return {503, "Service busy", capcut_code::busy, {}};
}

/// Maps a failed supervisor request to the contract's status and text for that route, and to
/// capcut-mate's code. The one place where actor errors become HTTP.
api_error map_error(const caf::error& err, draft_route route) {
  api_error internal{500, "Video task cancel failed", capcut_code::internal,
                     "Video task cancel failed"};
  if (route == draft_route::gen_video)
    internal = {500, "Video generation task submission failed", capcut_code::submit_failed, {}};
  else if (route == draft_route::gen_video_status)
    internal = {500, "Video task status query failed", capcut_code::status_failed, {}};
  if (err.category() == task_error_category) {
    switch (static_cast<task_error>(err.code())) {
    case task_error::not_found:
      return {404, "Video generation task not found", capcut_code::task_not_found, {}};
    case task_error::queue_full:
    case task_error::unavailable:
      return busy();
    case task_error::storage_failed:
      return internal;
    case task_error::already_finished:
      return {409, "Task already finished", capcut_code::task_finished, {}};
    }
  }
  return internal;
}

/// The Authorization header, raw. Pistache parses it into a typed header when it knows the
/// name, so look for both forms.
std::optional<std::string> authorization_of(const Rest::Request& req) {
  if (auto raw = req.headers().tryGetRaw("Authorization"))
    return raw->value();
  if (auto typed = req.headers().tryGet<Http::Header::Authorization>())
    return typed->value();
  return std::nullopt;
}

std::optional<std::string> raw_header(const Rest::Request& req, const char* name) {
  if (auto raw = req.headers().tryGetRaw(name))
    return raw->value();
  return std::nullopt;
}

const api_error invalid_api_key{401, "Invalid API key", capcut_code::invalid_api_key, {}};

/// GET /api/tasks without ?limit=.
constexpr uint32_t default_recent_tasks = 50;

/// ?limit= of GET /api/tasks: default_recent_tasks when absent; nullopt unless 1 to
/// max_recent_tasks.
std::optional<uint32_t> recent_limit(const std::optional<std::string>& text) {
  if (!text)
    return default_recent_tasks;
  if (text->empty() || text->size() > 3 ||
      text->find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  auto n = static_cast<uint32_t>(std::stoul(*text));
  if (n < 1 || n > max_recent_tasks)
    return std::nullopt;
  return n;
}

/// Enough bridge actors to keep every CAF worker busy with replies.
constexpr size_t bridge_actors = 4;

} // namespace

struct api_server::impl {
  caf::actor_system& sys;
  http_config cfg;
  std::shared_ptr<Http::Endpoint> endpoint;
  Rest::Router router;
  std::atomic<bool> ready{false};
  std::atomic<int> in_flight{0}; ///< requests waiting for the supervisor
  std::unique_ptr<actor_bridge> bridge;
  supervisor_api sup; ///< written once before `ready` turns true (release/acquire)
  api_key_set keys;
  output_service downloads;
  std::shared_ptr<upload_target> uploads; ///< set in cluster mode only

  impl(caf::actor_system& s, http_config c)
      : sys(s), cfg(std::move(c)), bridge(std::make_unique<actor_bridge>(s, bridge_actors)),
        keys(cfg.api_keys),
        downloads({cfg.output_dir, cfg.output_max_age, cfg.metrics}, cfg.keepalive_timeout) {}

  /// How this request wants its answer (style, language, request id).
  answer_context context_of(const Rest::Request& req) const {
    auto style = raw_header(req, response_style_header);
    auto lang = raw_header(req, "Accept-Language");
    auto id = raw_header(req, "X-Request-ID");
    auto view = [](const std::optional<std::string>& s) -> std::optional<std::string_view> {
      if (s)
        return std::string_view{*s};
      return std::nullopt;
    };
    auto ctx = make_answer_context(view(style), view(lang), view(id), cfg.default_style);
    // Only matched routes get here with their own path (the table has no parameters on API
    // routes); not_found() replaces it, so raw client paths never become label values.
    ctx.route = req.resource();
    ctx.metrics = cfg.metrics.get();
    return ctx;
  }

  /// False (after answering 401) when keys are configured and the request has none of them.
  /// `body_allowed`: capcut-mate clients put `apiKey` in POST bodies; GETs have no body.
  bool authorized(const Rest::Request& req, Http::ResponseWriter& w, const answer_context& ctx,
                  bool body_allowed) {
    if (!keys.enabled())
      return true;
    auto header = authorization_of(req);
    std::optional<std::string_view> header_view;
    if (header)
      header_view = *header;
    if (keys.authorizes(header_view, req.body(), body_allowed))
      return true;
    send_api_error(w, ctx, invalid_api_key);
    return false;
  }

  /// The status page and its JSON: open without keys; otherwise a key in the Authorization
  /// header, as on the API, or in the cookie that POST /login sets.
  bool page_authorized(const Rest::Request& req) const {
    if (!keys.enabled())
      return true;
    if (auto header = authorization_of(req))
      if (keys.authorizes(std::string_view{*header}, {}, false))
        return true;
    if (!req.cookies().has(key_cookie))
      return false;
    auto key = key_from_cookie(req.cookies().get(key_cookie).value);
    return key && keys.accepts(*key);
  }

  /// Sends one request to the supervisor through a bridge actor and answers from its
  /// continuation: the Pistache thread returns at once.
  template <class T, class OnOk, class OnErr, class... Ts>
  void ask(OnOk on_ok, OnErr on_err, Ts... xs) {
    auto timeout = caf::duration{cfg.request_timeout};
    auto* counter = &in_flight;
    counter->fetch_add(1);
    auto dest = sup;
    // A download on this connection must not start before this reply is queued.
    auto gate = connection_gate::current();
    if (gate)
      gate->reply_pending();
    auto queued = [gate] {
      if (gate)
        gate->reply_queued();
    };
    bridge->post({[=](caf::event_based_actor* self) {
      self->request(dest, timeout, xs...)
          .then(
              [=](T& x) mutable {
                on_ok(x);
                queued();
                counter->fetch_sub(1);
              },
              [=](caf::error& e) mutable {
                on_err(e);
                queued();
                counter->fetch_sub(1);
              });
    }});
  }

  /// Common preamble of the POST routes, in this order: API key (401, before any 400 so
  /// that clients without a key learn nothing about the request format), JSON and draft_url
  /// (400), and readiness (503). An oversized body never gets here: guarded_handler answers 413
  /// from its head, before it is parsed, not even for its apiKey.
  std::optional<draft_request> accept_draft(const Rest::Request& req, Http::ResponseWriter& w,
                                            const answer_context& ctx, draft_route route) {
    keep_alive_by_default(req, w);
    if (!authorized(req, w, ctx, true))
      return std::nullopt;
    auto parsed = parse_draft_request(req.body(), route);
    if (parsed.error) {
      send_api_error(w, ctx, *parsed.error);
      return std::nullopt;
    }
    if (!ready.load(std::memory_order_acquire)) {
      send_api_error(w, ctx, busy());
      return std::nullopt;
    }
    return parsed;
  }

  void gen_video(const Rest::Request& req, Http::ResponseWriter response) {
    auto ctx = context_of(req);
    auto url = accept_draft(req, response, ctx, draft_route::gen_video);
    if (!url)
      return;
    auto w = std::make_shared<Http::ResponseWriter>(std::move(response));
    ask<caf::ok_atom>(
        [w, ctx](caf::ok_atom) {
          send_api_ok(*w, ctx, nlohmann::ordered_json::parse(submitted_body), submitted_capcut);
        },
        [w, ctx](caf::error& err) {
          send_api_error(*w, ctx, map_error(err, draft_route::gen_video));
        },
        submit_atom::value, url->draft_url, url->callback_url);
  }

  void gen_video_status(const Rest::Request& req, Http::ResponseWriter response) {
    answer_with_record(req, std::move(response), draft_route::gen_video_status, status_atom::value);
  }

  /// cutqueue's own route (capcut-mate has no cancel): answers with the failed record.
  void gen_video_cancel(const Rest::Request& req, Http::ResponseWriter response) {
    answer_with_record(req, std::move(response), draft_route::gen_video_cancel, cancel_atom::value);
  }

  /// A route that takes a draft_url and answers with the task's status fields, as the
  /// supervisor returns them for `Atom`.
  template <class Atom>
  void answer_with_record(const Rest::Request& req, Http::ResponseWriter response,
                          draft_route route, Atom atom) {
    auto ctx = context_of(req);
    auto url = accept_draft(req, response, ctx, route);
    if (!url)
      return;
    auto w = std::make_shared<Http::ResponseWriter>(std::move(response));
    ask<storage::task_record>(
        [w, ctx](storage::task_record& rec) { send_api_ok(*w, ctx, status_fields(rec)); },
        [w, ctx, route](caf::error& err) { send_api_error(*w, ctx, map_error(err, route)); }, atom,
        url->draft_url);
  }

  void active_count(const Rest::Request& req, Http::ResponseWriter response) {
    auto ctx = context_of(req);
    keep_alive_by_default(req, response);
    if (!authorized(req, response, ctx, false))
      return;
    if (!ready.load(std::memory_order_acquire)) {
      send_api_error(response, ctx, busy());
      return;
    }
    auto w = std::make_shared<Http::ResponseWriter>(std::move(response));
    ask<uint64_t>(
        [w, ctx](uint64_t n) {
          send_api_ok(*w, ctx, nlohmann::ordered_json{{"count", n}});
        },
        [w, ctx](caf::error&) {
          send_api_error(*w, ctx,
                         {500, "Active task count query failed", capcut_code::internal,
                          "Active task count query failed"});
        },
        count_atom::value);
  }

  void healthz(const Rest::Request& req, Http::ResponseWriter response) {
    keep_alive_by_default(req, response);
    add_request_id(response, context_of(req));
    const bool up = ready.load(std::memory_order_acquire);
    metrics::http_request(cfg.metrics.get(), "/healthz", up ? 200 : 503);
    if (!up) {
      send_json(response, 503, R"({"status":"unavailable"})");
      return;
    }
    if (!uploads) {
      send_json(response, 200, R"({"status":"ok"})");
      return;
    }
    auto w = std::make_shared<Http::ResponseWriter>(std::move(response));
    ask<std::vector<node_load>>(
        [w](std::vector<node_load>& nodes) { send_json(*w, 200, cluster_health_body(nodes)); },
        [w](caf::error&) { send_json(*w, 503, R"({"status":"unavailable"})"); }, nodes_atom::value);
  }

  /// The largest piece of a chunk one read returns (a worker asks for pieces in a loop).
  static constexpr uint64_t max_piece = 4u << 20;

  enum class upload_call { put, commit, put_unit, commit_unit, list_units, read_unit };

  /// The internal upload routes of worker nodes: authorised by the attempt's token alone (API
  /// keys are for clients), answered by the cluster's upload_target.
  void upload(const Rest::Request& req, Http::ResponseWriter w, upload_call call) {
    keep_alive_by_default(req, w);
    auto auth = authorization_of(req);
    const std::string bearer = "Bearer ";
    if (!uploads || !auth || auth->rfind(bearer, 0) != 0) {
      send_error(w, uploads ? 403 : 404, uploads ? "Forbidden" : "Not Found");
      return;
    }
    auto token = auth->substr(bearer.size());
    auto task = req.param(":task").as<std::string>();
    auto unit = req.hasParam(":unit") ? req.param(":unit").as<std::string>() : std::string();
    auto number = [&](const char* name) -> std::optional<uint64_t> {
      auto v = req.query().get(name);
      if (!v || v->empty() || v->size() > 19 ||
          v->find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
      return std::stoull(*v);
    };
    upload_answer a;
    switch (call) {
    case upload_call::put:
    case upload_call::put_unit: {
      auto offset = number("offset");
      if (!offset) {
        send_error(w, 400, "offset required");
        return;
      }
      a = call == upload_call::put ? uploads->put_chunk(task, token, *offset, req.body())
                                   : uploads->put_unit(task, token, unit, *offset, req.body());
      break;
    }
    case upload_call::commit:
    case upload_call::commit_unit: {
      auto size = number("size");
      auto sha = req.query().get("sha256");
      auto name = req.query().get("name");
      // A chunk's ledger record is the commit's body.
      const std::string& record = req.body();
      if (!size || !sha || !name || (call == upload_call::commit_unit && record.empty())) {
        send_error(w, 400,
                   call == upload_call::commit ? "size, sha256 and name required"
                                               : "size, sha256, name and a record required");
        return;
      }
      a = call == upload_call::commit
              ? uploads->commit(task, token, *name, *size, *sha)
              : uploads->commit_unit(task, token, unit, *name, *size, *sha, record);
      break;
    }
    case upload_call::list_units:
      a = uploads->list_units(task, token);
      break;
    case upload_call::read_unit: {
      auto offset = number("offset");
      auto length = number("length");
      if (!offset || !length || *length == 0 || *length > max_piece) {
        send_error(w, 400, "offset and length (1 to 4194304) required");
        return;
      }
      a = uploads->read_unit(task, token, unit, *offset, *length);
      break;
    }
    }
    if (a.bytes)
      w.send(static_cast<Http::Code>(a.status), a.body, MIME(Application, OctetStream));
    else
      send_json(w, a.status, a.body);
  }
  void upload_chunk(const Rest::Request& req, Http::ResponseWriter w) {
    upload(req, std::move(w), upload_call::put);
  }
  void upload_commit(const Rest::Request& req, Http::ResponseWriter w) {
    upload(req, std::move(w), upload_call::commit);
  }
  void unit_put(const Rest::Request& req, Http::ResponseWriter w) {
    upload(req, std::move(w), upload_call::put_unit);
  }
  void unit_commit(const Rest::Request& req, Http::ResponseWriter w) {
    upload(req, std::move(w), upload_call::commit_unit);
  }
  void unit_list(const Rest::Request& req, Http::ResponseWriter w) {
    upload(req, std::move(w), upload_call::list_units);
  }
  void unit_read(const Rest::Request& req, Http::ResponseWriter w) {
    upload(req, std::move(w), upload_call::read_unit);
  }

  /// Prometheus' text format. The live task counts are refreshed by the supervisor first
  /// (they live in its state); before recovery ends only the counters are there.
  void metrics_page(const Rest::Request& req, Http::ResponseWriter response) {
    keep_alive_by_default(req, response);
    add_request_id(response, context_of(req));
    auto w = std::make_shared<Http::ResponseWriter>(std::move(response));
    auto registry = cfg.metrics;
    auto send = [w, registry] {
      metrics::http_request(registry.get(), "/metrics", 200);
      w->send(Http::Code::Ok, registry->render(),
              Http::Mime::MediaType::fromString("text/plain; version=0.0.4; charset=utf-8"));
    };
    if (!ready.load(std::memory_order_acquire)) {
      send();
      return;
    }
    ask<caf::ok_atom>([send](caf::ok_atom) { send(); }, [send](caf::error&) { send(); },
                      stats_atom::value);
  }

  void openapi_document(const Rest::Request& req, Http::ResponseWriter w) {
    keep_alive_by_default(req, w);
    metrics::http_request(cfg.metrics.get(), "/openapi.json", 200);
    send_json(w, 200, std::string(openapi_json()));
  }

  /// Without a valid key the login form stands in for the page; the page itself holds no data
  /// (it fetches /api/tasks), so nothing about tasks leaks through it.
  void status_page(const Rest::Request& req, Http::ResponseWriter w) {
    keep_alive_by_default(req, w);
    const bool ok = page_authorized(req);
    metrics::http_request(cfg.metrics.get(), "/", ok ? 200 : 401);
    send_page(w, ok ? 200 : 401, ok ? status_page_html() : login_page_html());
  }

  void login(const Rest::Request& req, Http::ResponseWriter w) {
    keep_alive_by_default(req, w);
    auto key = key_from_form(req.body());
    const bool ok = key && (!keys.enabled() || keys.accepts(*key));
    metrics::http_request(cfg.metrics.get(), "/login", ok ? 303 : 401);
    if (!ok) {
      send_page(w, 401, login_page_html());
      return;
    }
    send_login_redirect(w, keys.enabled() ? key_cookie_header(*key) : std::string());
  }

  /// What the status page polls. Always the plain style: no capcut-mate client knows it.
  void recent_tasks(const Rest::Request& req, Http::ResponseWriter response) {
    keep_alive_by_default(req, response);
    auto ctx = context_of(req);
    ctx.style = response_style::plain;
    if (!page_authorized(req)) {
      send_api_error(response, ctx, invalid_api_key);
      return;
    }
    auto limit = recent_limit(req.query().get("limit"));
    if (!limit) {
      send_api_error(response, ctx, {400, "Invalid limit", capcut_code::validation, {}});
      return;
    }
    if (!ready.load(std::memory_order_acquire)) {
      send_api_error(response, ctx, busy());
      return;
    }
    auto w = std::make_shared<Http::ResponseWriter>(std::move(response));
    ask<std::vector<storage::task_record>>(
        [w, ctx](std::vector<storage::task_record>& recs) {
          add_request_id(*w, ctx);
          metrics::http_request(ctx.metrics, ctx.route, 200);
          w->headers().add<Http::Header::CacheControl>(Http::CacheDirective::NoStore);
          send_json(*w, 200, recent_tasks_body(recs, clock::now_ms()));
        },
        [w, ctx](caf::error& err) {
          const bool unavailable = err.category() == task_error_category &&
                                   static_cast<task_error>(err.code()) == task_error::unavailable;
          send_api_error(
              *w, ctx,
              unavailable ? busy()
                          : api_error{500, "Recent tasks query failed", capcut_code::internal, {}});
        },
        recent_atom::value, *limit);
  }

  void outputs(const Rest::Request& req, Http::ResponseWriter w) {
    downloads.handle(req, std::move(w));
  }

  void not_found(const Rest::Request& req, Http::ResponseWriter w) {
    keep_alive_by_default(req, w);
    auto ctx = context_of(req);
    ctx.route = "unmatched";
    // Without a key, the API's own prefix reveals nothing, not even which routes exist.
    if (req.resource().rfind("/openapi/", 0) == 0 && !authorized(req, w, ctx, true))
      return;
    send_http_error(w, ctx, 404, "Not Found");
  }

  /// A known API path asked with the wrong method. Routed here (not left to Pistache's own 405)
  /// so that capcut-mate clients get it in their envelope too.
  void method_not_allowed(const Rest::Request& req, Http::ResponseWriter w) {
    keep_alive_by_default(req, w);
    auto ctx = context_of(req);
    if (!authorized(req, w, ctx, true))
      return;
    send_http_error(w, ctx, 405, "Method Not Allowed");
  }

  /// The one route table.
  void setup_routes() {
    using namespace Rest;
    auto api = [](const char* route) { return std::string{prefix} + route; };
    Routes::Post(router, api("/gen_video"), Routes::bind(&impl::gen_video, this));
    Routes::Post(router, api("/gen_video_status"), Routes::bind(&impl::gen_video_status, this));
    Routes::Post(router, api("/gen_video_cancel"), Routes::bind(&impl::gen_video_cancel, this));
    Routes::Get(router, api("/gen_video_active_count"), Routes::bind(&impl::active_count, this));
    for (auto route : {"/gen_video", "/gen_video_status", "/gen_video_cancel"})
      Routes::Get(router, api(route), Routes::bind(&impl::method_not_allowed, this));
    Routes::Post(router, api("/gen_video_active_count"),
                 Routes::bind(&impl::method_not_allowed, this));
    Routes::Get(router, "/healthz", Routes::bind(&impl::healthz, this));
    if (cfg.metrics)
      Routes::Get(router, "/metrics", Routes::bind(&impl::metrics_page, this));
    Routes::Get(router, "/openapi.json", Routes::bind(&impl::openapi_document, this));
    Routes::Get(router, "/", Routes::bind(&impl::status_page, this));
    Routes::Post(router, "/login", Routes::bind(&impl::login, this));
    Routes::Get(router, "/api/tasks", Routes::bind(&impl::recent_tasks, this));
    Routes::Get(router, "/outputs/:file", Routes::bind(&impl::outputs, this));
    Routes::Head(router, "/outputs/:file", Routes::bind(&impl::outputs, this));
    Routes::Put(router, "/internal/cluster/uploads/:task", Routes::bind(&impl::upload_chunk, this));
    Routes::Post(router, "/internal/cluster/uploads/:task/commit",
                 Routes::bind(&impl::upload_commit, this));
    Routes::Get(router, "/internal/cluster/chunks/:task", Routes::bind(&impl::unit_list, this));
    Routes::Get(router, "/internal/cluster/chunks/:task/:unit",
                Routes::bind(&impl::unit_read, this));
    Routes::Put(router, "/internal/cluster/chunks/:task/:unit",
                Routes::bind(&impl::unit_put, this));
    Routes::Post(router, "/internal/cluster/chunks/:task/:unit/commit",
                 Routes::bind(&impl::unit_commit, this));
    Routes::NotFound(router, Routes::bind(&impl::not_found, this));
  }
};

api_server::api_server(caf::actor_system& sys, http_config cfg)
    : impl_(std::make_unique<impl>(sys, std::move(cfg))) {}

api_server::~api_server() {
  stop();
}

bool api_server::start(std::string& error) {
  auto& d = *impl_;
  try {
    Address addr{d.cfg.host, Port{d.cfg.port}};
    d.endpoint = std::make_shared<Http::Endpoint>(addr);
    // The guard refuses oversized bodies from their head; Pistache's own limit only has to
    // leave room for an acceptable body plus its head.
    guard_limits limits;
    limits.max_body = d.cfg.max_body;
    auto request_limit = limits.max_body + limits.max_head;
    d.endpoint->init(Http::Endpoint::options()
                         .threads(d.cfg.threads)
                         .flags(Tcp::Options::ReuseAddr | Tcp::Options::NoDelay)
                         .maxRequestSize(request_limit)
                         .headerTimeout(d.cfg.header_timeout)
                         .bodyTimeout(d.cfg.body_timeout)
                         .keepaliveTimeout(d.cfg.keepalive_timeout));
    d.setup_routes();
    d.endpoint->setHandler(std::make_shared<guarded_handler>(d.router.handler(), limits));
    d.endpoint->serveThreaded();
    return true;
  } catch (const std::exception& e) {
    error = "cannot listen on " + d.cfg.host + ":" + std::to_string(d.cfg.port) + ": " + e.what();
    d.endpoint.reset();
    return false;
  }
}

void api_server::set_upload_target(std::shared_ptr<upload_target> target) {
  impl_->uploads = std::move(target);
}

uint16_t api_server::port() const {
  return impl_->endpoint ? static_cast<uint16_t>(impl_->endpoint->getPort()) : 0;
}

void api_server::set_ready(supervisor_api sup) {
  impl_->sup = std::move(sup);
  impl_->ready.store(true, std::memory_order_release);
}

void api_server::set_unready() {
  impl_->ready.store(false, std::memory_order_release);
}

bool api_server::drain(std::chrono::milliseconds deadline) {
  auto until = std::chrono::steady_clock::now() + deadline;
  while (impl_->in_flight.load() > 0) {
    if (std::chrono::steady_clock::now() >= until)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

void api_server::stop() {
  if (impl_->endpoint) {
    impl_->endpoint->shutdown();
    impl_->endpoint.reset();
  }
  // Downloads still running are cut off: the process is going away.
  impl_->downloads.stop();
  // The bridge actors must be gone before the actor system waits for all actors.
  impl_->bridge.reset();
}

} // namespace cutqueue::http
