#include "orderflow/http/server.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

#include "orderflow/common/logger.h"
#include "orderflow/common/utf8.h"
#include "orderflow/common/worker_pool.h"
#include "orderflow/json/exact_json.h"

#include "io_loop.h"

namespace orderflow::http {

struct Server::Exchange {
  Request request;
  std::size_t route = 0;
  bool routed = false;
  bool inline_handler = false;  // cheap enough to run on the I/O thread
  bool quick = false;           // its route's Quick said yes: handled inline if the body is small
  bool too_large = false;
  bool dispatched = false;   // handed to a worker: counted until completed
  bool over_budget = false;  // would take the server past max_buffered_body_bytes
  std::size_t reserved = 0;  // body bytes counted against that budget
  std::size_t received = 0;  // body bytes, including those dropped once over the limit
  std::size_t header_count = 0;
  std::size_t header_bytes = 0;  // the header fields as sent ("Name: value\r\n")
  int status = 0;                // once a response is queued
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

namespace {

const std::string kUnmatched = "unmatched";

// libmicrohttpd (0.9.75) keeps a request's line and headers, a record of 64 bytes per header
// field, cookie and query argument, and a copy of the Cookie header, in one memory pool per
// connection, and builds the answer's headers in what is left of it. A request that leaves too
// little would be handled and then have its connection dropped unanswered (its client would retry
// something that took effect), so the pool is larger than HTTP_MAX_HEADER_BYTES by kAnswerRoom and
// the server itself refuses (431) a request whose share of the pool is above that limit.
constexpr std::size_t kPoolBytesPerField = 64;
constexpr std::size_t kAnswerRoom = 4096;

// What the request's line and headers take of the connection's pool, as estimated above.
std::size_t pool_bytes_of_request(MHD_Connection* connection, const Server::Exchange& exchange, const char* url,
                                  const char* method) {
  std::size_t query_bytes = 0;
  const int arguments = MHD_get_connection_values_n(
      connection, MHD_GET_ARGUMENT_KIND,
      [](void* cls, MHD_ValueKind, const char*, std::size_t key_size, const char*, std::size_t value_size) {
        *static_cast<std::size_t*>(cls) += key_size + value_size + 2;
        return MHD_YES;
      },
      &query_bytes);
  const int cookies = MHD_get_connection_values(connection, MHD_COOKIE_KIND, nullptr, nullptr);
  const char* cookie_header = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE);
  const std::size_t line = std::strlen(method) + std::strlen(url) + query_bytes + 12;  // " HTTP/1.1\r\n"
  const std::size_t fields = exchange.header_count + static_cast<std::size_t>(std::max(arguments, 0)) +
                             static_cast<std::size_t>(std::max(cookies, 0));
  return line + exchange.header_bytes + 2 + (cookie_header ? std::strlen(cookie_header) + 1 : 0) +
         fields * kPoolBytesPerField;
}

MHD_Result queue(MHD_Connection* connection, Server::Exchange& exchange, const Response& response) {
  MHD_Response* out = MHD_create_response_from_buffer(response.body.size(), const_cast<char*>(response.body.data()),
                                                      MHD_RESPMEM_MUST_COPY);
  if (!out) return MHD_NO;
  for (const auto& [name, value] : response.headers) MHD_add_response_header(out, name.c_str(), value.c_str());
  exchange.status = response.status;
  const MHD_Result result = MHD_queue_response(connection, static_cast<unsigned>(response.status), out);
  MHD_destroy_response(out);
  return result;
}

MHD_Result queue_error(MHD_Connection* connection, Server::Exchange& exchange, int status, const std::string& code,
                       const std::string& message, const std::string& allow = "") {
  Response response;
  reply_error(response, status, code, message);
  if (!allow.empty()) response.set_header("Allow", allow);
  return queue(connection, exchange, response);
}

MHD_Result collect_header(void* cls, MHD_ValueKind, const char* key, std::size_t key_size, const char* value,
                          std::size_t value_size) {
  auto& exchange = *static_cast<Server::Exchange*>(cls);
  exchange.header_bytes += key_size + value_size + 4;
  if (++exchange.header_count <= 1000) {
    exchange.request.headers.emplace(std::string(key, key_size), value ? std::string(value, value_size) : "");
  }
  return MHD_YES;
}

// Paths are decoded by the router, per segment, where a NUL or an invalid byte is refused rather
// than truncating the path: libmicrohttpd's own unescaping is turned off.
std::size_t keep_escaped(void*, MHD_Connection*, char* text) {
  return std::strlen(text);
}

void log_from_libmicrohttpd(void*, const char* format, va_list args) {
  char line[512];
  std::vsnprintf(line, sizeof line, format, args);
  std::string text(line);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  log::debug("http connection", {{"detail", to_valid_utf8(text)}});
}

std::string default_code(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 413:
      return "payload_too_large";
    case 415:
      return "unsupported_media_type";
    case 431:
      return "headers_too_large";
    case 501:
      return "not_implemented";
    case 503:
      return "unavailable";
    default:
      return status >= 500 ? "internal_error" : "request_error";
  }
}

// The whole of a PEM file; std::runtime_error naming the setting when it cannot be read.
std::string read_pem(const std::string& path, const char* setting) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  if (path.empty() || !in || !(content << in.rdbuf())) {
    throw std::runtime_error(std::string(setting) + "='" + path + "' cannot be read");
  }
  return content.str();
}

}  // namespace

// libmicrohttpd calls these from its I/O threads.
struct ServerCallbacks {
  static MHD_Result on_request(void* self, MHD_Connection* connection, const char* url, const char* method, const char*,
                               const char* upload_data, std::size_t* upload_data_size, void** state) {
    auto& server = *static_cast<Server*>(self);
    if (*state == nullptr) {
      auto* exchange = new Server::Exchange;
      *state = exchange;
      MHD_get_connection_values_n(connection, MHD_HEADER_KIND, collect_header, exchange);
      server.refuse_early(connection, *exchange, url, method);
      return MHD_YES;  // when not refused, the body (if any) comes in the next calls
    }
    auto& exchange = *static_cast<Server::Exchange*>(*state);
    if (exchange.status != 0) {
      *upload_data_size = 0;  // answered already: whatever else of the body arrives is dropped
      return MHD_YES;
    }
    if (*upload_data_size > 0) {
      const std::size_t size = *upload_data_size;
      *upload_data_size = 0;
      // A body trickling in a byte at a time keeps the connection from ever going idle.
      if (std::chrono::steady_clock::now() - exchange.started > server.options_.request_timeout) return MHD_NO;
      exchange.received += size;
      const std::size_t limit = server.options_.max_body_bytes;
      if (exchange.received > limit && !exchange.too_large) {
        exchange.too_large = true;
        server.release_body(exchange);
      }
      if (!exchange.too_large && !exchange.over_budget && !server.reserve_body(exchange, size)) {
        exchange.over_budget = true;
        server.release_body(exchange);
      }
      // libmicrohttpd cannot answer while a body is still arriving, and many clients read no
      // answer before they have sent their whole body: a refused body is read and dropped up to
      // a point, then answered (413, 503); a client that sends more loses the connection.
      if (exchange.too_large || exchange.over_budget) {
        return exchange.received > limit + server.options_.max_discarded_body_bytes ? MHD_NO : MHD_YES;
      }
      exchange.request.body.append(upload_data, size);
      return MHD_YES;
    }
    server.dispatch(connection, exchange);
    return MHD_YES;
  }

  static void on_completed(void* self, MHD_Connection*, void** state, MHD_RequestTerminationCode) {
    auto* exchange = static_cast<Server::Exchange*>(*state);
    if (!exchange) return;
    static_cast<Server*>(self)->release_body(*exchange);
    static_cast<Server*>(self)->completed(*exchange);
    delete exchange;
    *state = nullptr;
  }
};

void reply_json(Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  response.set_content(exact_json::dump_exact(body), "application/json");
}

void reply_error(Response& response, int status, const std::string& code, const std::string& message,
                 const nlohmann::json& problems) {
  reply_json(response, status, {{"error", code}, {"message", message}, {"problems", problems}});
}

Server::Server(const ServerOptions& options, std::shared_ptr<metrics::Registry> registry)
    : options_(options),
      registry_(std::move(registry)),
      requests_(prometheus::BuildCounter()
                    .Name("http_requests_total")
                    .Help("HTTP requests by route, method and status code")
                    .Register(*registry_)),
      latency_(prometheus::BuildHistogram()
                   .Name("http_request_duration_seconds")
                   .Help("Time to handle an HTTP request, by route")
                   .Register(*registry_)),
      buffered_gauge_(prometheus::BuildGauge()
                          .Name("http_request_body_buffered_bytes")
                          .Help("Request body bytes held in memory now, against HTTP_MAX_BUFFERED_BODY_BYTES")
                          .Register(*registry_)
                          .Add({})) {
  route("GET", "/health", [](const Request&, Response& res) { reply_json(res, 200, {{"status", "ok"}}); });
  if (options_.admin_port >= 0) {
    ServerOptions admin;
    admin.host = options_.admin_host;
    admin.port = options_.admin_port;
    admin.threads = 2;
    admin.max_connections = 64;
    admin_ = std::make_unique<Server>(admin, registry_);
    return;
  }
  route("GET", "/ready", [this](const Request&, Response& res) {
    ReadinessCheck check;
    {
      std::lock_guard lock(readiness_mutex_);
      check = readiness_;
    }
    std::string detail;
    if (!check || check(detail)) {
      reply_json(res, 200, {{"status", "ready"}});
    } else {
      reply_json(res, 503, {{"status", "not_ready"}, {"detail", detail}});
    }
  });
  route("GET", "/metrics", [this](const Request&, Response& res) {
    res.set_content(metrics::render(*registry_), "text/plain; version=0.0.4");
  });
}

Server::~Server() {
  stop();
}

void Server::set_readiness(ReadinessCheck check) {
  if (admin_) return admin_->set_readiness(std::move(check));
  std::lock_guard lock(readiness_mutex_);
  readiness_ = std::move(check);
}

void Server::route(const std::string& method, const std::string& path_template, Handler handler, Guard guard) {
  route_async(method, path_template, answer_on_return(std::move(handler)), std::move(guard));
}

void Server::route_async(const std::string& method, const std::string& path_template, AsyncHandler handler, Guard guard,
                         Quick quick) {
  if (!daemons_.empty()) throw std::logic_error("routes are added before start()");
  if (!is_known_method(method)) throw std::invalid_argument("unsupported HTTP method " + method);
  const std::size_t index = router_.add(path_template);
  if (index == routes_.size()) {
    routes_.push_back({});
    routes_.back().latency = &latency_.Add({{"route", path_template}}, metrics::latency_buckets());
  }
  Route& r = routes_[index];
  r.handlers[method] = std::move(handler);
  if (guard) r.guards[method] = std::move(guard);
  if (quick) r.quick[method] = std::move(quick);
  r.allow.clear();
  for (const auto& [m, h] : r.handlers) r.allow += (r.allow.empty() ? "" : ", ") + m;
  if (r.handlers.count("GET")) r.allow += ", HEAD";
  r.allow += ", OPTIONS";
}

namespace {

// Collects the query's arguments as libmicrohttpd decoded them; false past the limits.
MHD_Result collect_query_argument(void* target, MHD_ValueKind, const char* key, const char* value) {
  auto& [request, ok] = *static_cast<std::pair<Request*, bool>*>(target);
  const std::string name = key ? key : "", text = value ? value : "";
  // (A %00 ends libmicrohttpd's C string, so no NUL gets this far.)
  if (request->query.size() >= kMaxQueryArguments || to_valid_utf8(name) != name || to_valid_utf8(text) != text) {
    ok = false;
    return MHD_NO;
  }
  request->query.emplace(name, text);
  return MHD_YES;
}

bool read_query(MHD_Connection* connection, Request& request) {
  std::pair<Request*, bool> target{&request, true};
  MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, collect_query_argument, &target);
  return target.second;
}

}  // namespace

bool Server::refuse_early(MHD_Connection* connection, Exchange& exchange, const char* url, const char* method) {
  exchange.request.method = method;
  exchange.request.path = url;
  if (exchange.header_count > options_.max_header_count) {
    queue_error(connection, exchange, 431, "headers_too_large",
                "at most " + std::to_string(options_.max_header_count) + " header fields are accepted");
    return true;
  }
  if (pool_bytes_of_request(connection, exchange, url, method) > options_.max_header_bytes) {
    queue_error(connection, exchange, 431, "headers_too_large",
                "the request line and headers take more than " + std::to_string(options_.max_header_bytes) +
                    " bytes (with 64 bytes per header field, cookie and query argument)");
    return true;
  }
  if (!is_known_method(exchange.request.method)) {
    queue_error(connection, exchange, 501, "not_implemented", "the method is not one this server implements");
    return true;
  }
  auto match = router_.match(exchange.request.path);
  if (match.kind == Router::Match::Kind::kBadPath) {
    queue_error(connection, exchange, 400, "bad_path",
                "the path holds a malformed escape, a NUL or bytes that are not UTF-8");
    return true;
  }
  if (match.kind == Router::Match::Kind::kNoRoute) {
    queue_error(connection, exchange, 404, "not_found", "no resource at " + truncate_utf8(exchange.request.path, 256));
    return true;
  }
  if (!read_query(connection, exchange.request)) {
    queue_error(connection, exchange, 400, "bad_query",
                "the query holds more than " + std::to_string(kMaxQueryArguments) +
                    " arguments, a NUL or bytes that are not UTF-8");
    return true;
  }
  exchange.route = match.route;
  exchange.routed = true;
  exchange.request.path_params = std::move(match.params);
  const Route& route = routes_[match.route];
  if (exchange.request.method == "HEAD") exchange.request.method = "GET";
  if (exchange.request.method == "OPTIONS") {
    Response response;
    response.status = 204;
    response.set_header("Allow", route.allow);
    queue(connection, exchange, response);
    return true;
  }
  if (!route.handlers.count(exchange.request.method)) {
    queue_error(connection, exchange, 405, "method_not_allowed",
                exchange.request.method + " is not allowed here; use " + route.allow, route.allow);
    return true;
  }
  const std::string encoding = exchange.request.get_header_value("Content-Encoding");
  if (!encoding.empty() && encoding != "identity") {
    queue_error(connection, exchange, 415, "unsupported_media_type",
                "Content-Encoding is not accepted; send the body uncompressed");
    return true;
  }
  if (const char* length = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH)) {
    // libmicrohttpd has checked the syntax; only the size is ours to judge. A body a little over
    // the limit is read and dropped before the 413 (see on_request); a larger one is not read.
    const auto declared = std::strtoull(length, nullptr, 10);
    if (declared > options_.max_body_bytes + options_.max_discarded_body_bytes) {
      queue_error(connection, exchange, 413, "payload_too_large",
                  "the body is larger than " + std::to_string(options_.max_body_bytes) + " bytes");
      return true;
    }
    exchange.too_large = declared > options_.max_body_bytes;
  }
  exchange.inline_handler = router_.name(match.route) == "/health";
  const auto quick = route.quick.find(exchange.request.method);
  exchange.quick = quick != route.quick.end() && quick->second(exchange.request);
  return false;
}

void Server::dispatch(MHD_Connection* connection, Exchange& exchange) {
  const bool acceptable = !exchange.too_large && !exchange.over_budget;
  if (exchange.inline_handler && acceptable) {
    handle(connection, exchange, false, false);
    return;
  }
  // Suspended before the handler runs: the answer may come, and resume the connection, from
  // another thread at once.
  {
    std::lock_guard lock(dispatched_mutex_);
    ++dispatched_;
  }
  exchange.dispatched = true;
  MHD_suspend_connection(connection);
  // Handing a request to a worker and its answer back costs two thread switches, more than a
  // quick handler itself (measured on the gateway: 75 against 60-69 us of CPU per request).
  if (exchange.quick && acceptable && exchange.request.body.size() <= options_.max_inline_body_bytes &&
      handle(connection, exchange, true, false)) {
    return;
  }
  const bool posted = workers_->try_post([this, connection, &exchange] { handle(connection, exchange, true, true); });
  if (!posted) {
    Response response;
    response.set_header("Retry-After", "1");
    reply_error(response, 503, "overloaded", "the server is at capacity; retry later");
    answer(connection, exchange, response, true);
  }
}

Server::Admission Server::admit(Exchange& exchange, Response& refusal, bool may_wait) {
  if (exchange.too_large) {
    reply_error(refusal, 413, "payload_too_large",
                "the body is larger than " + std::to_string(options_.max_body_bytes) + " bytes");
    return Admission::kRefused;
  }
  if (exchange.over_budget) {
    refusal.set_header("Retry-After", "1");
    reply_error(refusal, 503, "overloaded", "the server holds too many request bodies; retry later");
    return Admission::kRefused;
  }
  const Route& route = routes_[exchange.route];
  const auto guard = route.guards.find(exchange.request.method);
  if (guard == route.guards.end()) return Admission::kAdmitted;
  try {
    const Admission admission = guard->second(exchange.request, refusal, may_wait);
    if (admission != Admission::kWouldWait || !may_wait) return admission;
    throw std::logic_error("the guard would wait where it may");
  } catch (const std::exception& e) {
    log::error("request guard failed", {{"route", router_.name(exchange.route)}, {"error", e.what()}});
    refusal = Response();
    reply_error(refusal, 500, "internal_error", "the request could not be handled; it was not accepted");
    return Admission::kRefused;
  }
}

bool Server::handle(MHD_Connection* connection, Exchange& exchange, bool suspended, bool may_wait) {
  Response refusal;
  const Admission admission = admit(exchange, refusal, may_wait);
  if (admission == Admission::kWouldWait) return false;  // nothing answered: it goes to a worker
  // The exchange lives until the connection is resumed, which only the answer does: once the
  // handler has the responder, the answer may come from another thread at any moment, and nothing
  // here touches the exchange after that.
  const Responder responder([this, connection, &exchange, suspended](Response&& response) {
    answer(connection, exchange, response, suspended);
  });
  if (admission == Admission::kRefused) {
    responder.send(std::move(refusal));
    return true;
  }
  const std::string& route_name = router_.name(exchange.route);  // the router's, not the exchange's
  try {
    routes_[exchange.route].handlers.at(exchange.request.method)(exchange.request, responder);
  } catch (const std::exception& e) {
    log::error("request handler failed", {{"route", route_name}, {"error", e.what()}});
    Response response;
    reply_error(response, 500, "internal_error", "the request could not be handled; it was not accepted");
    responder.send(std::move(response));  // ignored if the handler answered before it threw
  }
  return true;
}

void Server::answer(MHD_Connection* connection, Exchange& exchange, Response& response, bool suspended) {
  if (response.body.empty() && response.status >= 400) {
    reply_error(response, response.status, default_code(response.status), "the request could not be handled");
  }
  // Off the I/O thread this runs while the connection is suspended, where libmicrohttpd allows it.
  // Held past the resume: from then on the answer may be written and stop() may proceed.
  const std::shared_ptr<IoLoop> loop = suspended ? loop_of(connection) : nullptr;
  if (queue(connection, exchange, response) != MHD_YES) {
    log::error("response could not be queued", {{"status", response.status}, {"suspended", suspended}});
  }
  if (suspended) {
    MHD_resume_connection(connection);  // the exchange may be gone from here on
    loop->wake();
  }
}

std::shared_ptr<IoLoop> Server::loop_of(MHD_Connection* connection) {
  const MHD_Daemon* daemon = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_DAEMON)->daemon;
  const auto at = std::find(daemons_.begin(), daemons_.end(), daemon);
  return loops_[static_cast<std::size_t>(at - daemons_.begin())];
}

bool Server::reserve_body(Exchange& exchange, std::size_t bytes) {
  const std::size_t held = buffered_body_bytes_.fetch_add(bytes) + bytes;
  if (held > options_.max_buffered_body_bytes) {
    buffered_body_bytes_.fetch_sub(bytes);
    return false;
  }
  exchange.reserved += bytes;
  buffered_gauge_.Increment(static_cast<double>(bytes));
  return true;
}

void Server::release_body(Exchange& exchange) {
  buffered_body_bytes_.fetch_sub(exchange.reserved);
  buffered_gauge_.Decrement(static_cast<double>(exchange.reserved));
  exchange.reserved = 0;
  std::string().swap(exchange.request.body);
}

void Server::completed(Exchange& exchange) {
  if (exchange.dispatched) {
    std::lock_guard lock(dispatched_mutex_);
    if (--dispatched_ == 0) all_completed_.notify_all();
  }
  if (exchange.status == 0) return;  // the client left before an answer was ready
  const std::string& route = exchange.routed ? router_.name(exchange.route) : kUnmatched;
  requests_
      .Add({{"route", route},
            {"method", std::string(method_label(exchange.request.method))},
            {"code", std::to_string(exchange.status)}})
      .Increment();
  if (exchange.routed) {
    routes_[exchange.route].latency->Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - exchange.started).count());
  }
}

namespace {

// The listening socket every I/O loop's daemon accepts from, as libmicrohttpd's own thread pool
// shares one: bound here so that port 0 gives one port for all of them.
int listen_on(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || !found) {
    throw std::runtime_error("cannot resolve HTTP_HOST '" + host + "'");
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> address(found, freeaddrinfo);
  const int fd = socket(address->ai_family, address->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  const int on = 1;
  const bool listening =
      fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == 0 &&
      (address->ai_family != AF_INET6 || setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on) == 0) &&
      bind(fd, address->ai_addr, address->ai_addrlen) == 0 && listen(fd, 1024) == 0;
  if (!listening) {
    if (fd >= 0) close(fd);
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) +
                             " (is the port in use? set HTTP_PORT)");
  }
  return fd;
}

int bound_port(int fd) {
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length) != 0) return -1;
  return ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                           : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
}

}  // namespace

void Server::start() {
  // The certificate first, so that a file that cannot be read leaves nothing bound.
  const bool https = !options_.tls_certificate_file.empty() || !options_.tls_key_file.empty();
  if (https) {
    tls_certificate_ = read_pem(options_.tls_certificate_file, "HTTP_TLS_CERT_FILE");
    tls_key_ = read_pem(options_.tls_key_file, "HTTP_TLS_KEY_FILE");
  }
  const int listening = listen_on(options_.host, options_.port);
  port_ = bound_port(listening);
  workers_ = std::make_unique<WorkerPool>(static_cast<std::size_t>(options_.threads), options_.max_queued_requests);

  // One daemon per I/O loop, all accepting from the same socket (see IoLoop for why not
  // libmicrohttpd's thread pool); each holds its share of HTTP_MAX_CONNECTIONS.
  unsigned flags = MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
  const auto loops = static_cast<std::size_t>(std::max(options_.io_threads, 1));
  std::vector<MHD_OptionItem> settings = {
      // First, so that libmicrohttpd writes nothing of its own to stderr.
      {MHD_OPTION_EXTERNAL_LOGGER, reinterpret_cast<intptr_t>(&log_from_libmicrohttpd), nullptr},
      {MHD_OPTION_CONNECTION_LIMIT, static_cast<intptr_t>(std::max<std::size_t>(options_.max_connections / loops, 1)),
       nullptr},
      {MHD_OPTION_CONNECTION_TIMEOUT, static_cast<intptr_t>(options_.idle_timeout.count()), nullptr},
      {MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<intptr_t>(options_.max_header_bytes + kAnswerRoom), nullptr},
      {MHD_OPTION_STRICT_FOR_CLIENT, 1, nullptr},
      {MHD_OPTION_UNESCAPE_CALLBACK, reinterpret_cast<intptr_t>(&keep_escaped), nullptr},
      {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&ServerCallbacks::on_completed), this},
  };
  if (https) {
    flags |= MHD_USE_TLS;
    settings.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, tls_certificate_.data()});
    settings.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, tls_key_.data()});
    // GnuTLS priorities: TLS 1.2 and 1.3 only, the library's secure defaults otherwise.
    settings.push_back(
        {MHD_OPTION_HTTPS_PRIORITIES, 0, const_cast<char*>("SECURE:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2")});
  }
  settings.push_back({MHD_OPTION_LISTEN_SOCKET, 0, nullptr});  // each daemon's own descriptor, below
  settings.push_back({MHD_OPTION_END, 0, nullptr});
  try {
    for (std::size_t i = 0; i < loops; ++i) {
      // A descriptor of its own for each daemon (one socket still): a daemon closes its
      // descriptor when it stops, or when it fails to start.
      const int own = fcntl(listening, F_DUPFD_CLOEXEC, 0);
      // (Without a socket of its own a daemon would bind one, on any address.)
      if (own < 0) throw std::runtime_error("cannot serve HTTP: out of file descriptors");
      settings[settings.size() - 2].value = own;
      MHD_Daemon* daemon = MHD_start_daemon(flags, 0, nullptr, nullptr, &ServerCallbacks::on_request, this,
                                            MHD_OPTION_ARRAY, settings.data(), MHD_OPTION_END);
      if (!daemon) {
        throw std::runtime_error(
            https ? "cannot serve HTTPS on " + options_.host + ":" + std::to_string(port_) +
                        ": the certificate or key was refused (HTTP_TLS_CERT_FILE, HTTP_TLS_KEY_FILE)"
                  : "cannot serve HTTP on " + options_.host + ":" + std::to_string(port_));
      }
      daemons_.push_back(daemon);
    }
    // Every loop exists before any runs: an answer from a worker may look its loop up at once.
    for (MHD_Daemon* daemon : daemons_) loops_.push_back(std::make_shared<IoLoop>(daemon));
  } catch (...) {
    close(listening);
    stop_daemons();
    workers_.reset();
    throw;
  }
  close(listening);  // the daemons hold their own descriptors of it
  for (const auto& loop : loops_) loop->start();
  log::info("http server listening", {{"host", options_.host}, {"port", port_}, {"tls", https}});
  if (admin_) admin_->start();
}

void Server::stop() {
  if (admin_) admin_->stop();
  if (daemons_.empty()) return;
  // Stop accepting, let the workers finish, wait for the answers still owed to be written (a
  // producer's delivery reports come within its delivery timeout), then close everything. A client
  // that reads nothing is not waited for beyond the request timeout.
  for (const auto& loop : loops_) loop->quiesce();
  workers_->shutdown();
  {
    std::unique_lock lock(dispatched_mutex_);
    if (!all_completed_.wait_for(lock, options_.request_timeout, [this] { return dispatched_ == 0; })) {
      log::warn("stopping with answers not yet written", {{"requests", dispatched_}});
    }
  }
  stop_daemons();
}

void Server::stop_daemons() {
  for (const auto& loop : loops_) loop->stop();  // joined: nothing runs the daemons from here on
  for (MHD_Daemon* daemon : daemons_) MHD_stop_daemon(daemon);
  // A quiesced daemon leaves its descriptor of the listening socket open: closed once it is
  // stopped (closed earlier, it could stay in the daemon's epoll set, the socket being shared).
  for (const auto& loop : loops_) {
    if (loop->quiesced_socket() >= 0) close(loop->quiesced_socket());
  }
  daemons_.clear();
  loops_.clear();  // a worker answering late may still hold one, to wake it harmlessly
}

}  // namespace orderflow::http
