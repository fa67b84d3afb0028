#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "orderflow/common/worker_pool.h"
#include "orderflow/http/message.h"
#include "orderflow/http/responder.h"
#include "orderflow/http/router.h"
#include "orderflow/metrics/metrics.h"

struct MHD_Daemon;
struct MHD_Connection;

namespace orderflow::http {

class IoLoop;

// Every limit a client controls has one here. What breaks a limit is answered with a JSON error
// before any handler runs, and costs the server no more than the limit itself.
struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;                          // 0 picks a free port; see Server::port()
  std::size_t max_body_bytes = 1 << 20;  // 413 above, however the body is framed
  // Many clients read no answer before they have sent their whole body; so much of a body past
  // max_body_bytes is read and dropped before its 413. Beyond it the connection is closed.
  std::size_t max_discarded_body_bytes = 8 << 20;
  // Request bodies held in memory at once, over all connections: a request that would go beyond
  // is answered 503, so many slow uploads cannot add up to more memory than this.
  std::size_t max_buffered_body_bytes = 64 << 20;
  std::chrono::seconds request_timeout{30};  // from its headers to the end of its body; closed after
  std::size_t max_header_bytes = 32 << 10;   // request line and headers together: 431 above
  std::size_t max_header_count = 100;        // 431 above
  int io_threads = 2;                        // epoll loops reading and writing connections
  int threads = 32;                          // handlers that may wait run here (see route_async)
  // A request a route declares quick (route_async) is handled on its I/O thread when its body is
  // at most this: parsing a small body costs less than handing it to a worker and back, and a
  // bound here keeps one request from holding up the others of its loop for long.
  std::size_t max_inline_body_bytes = 16 << 10;
  std::size_t max_queued_requests = 4096;  // complete requests waiting for a handler: 503 above
  std::size_t max_connections = 10'000;    // further connections are refused
  std::chrono::seconds idle_timeout{30};   // a connection silent this long is closed
  // HTTPS (TLS 1.2+, libmicrohttpd's GnuTLS) when both are set: PEM files of the certificate chain
  // and its private key, read once at start().
  std::string tls_certificate_file;
  std::string tls_key_file;
  // With admin_port >= 0, GET /ready and GET /metrics move to a listener of their own (plain HTTP,
  // meant for a cluster-internal address), and the main port serves the API and GET /health only.
  std::string admin_host = "127.0.0.1";
  int admin_port = -1;
};

// Returns true when the service can do its work; `detail` says why not.
using ReadinessCheck = std::function<bool(std::string& detail)>;

// The HTTP server every service uses: libmicrohttpd's connections on epoll loops, so idle
// and slow clients cost a socket each and never a thread; a complete request is handed to a
// bounded worker pool, or handled on its I/O thread when its route says it waits on nothing. It answers JSON for every
// error (400 bad path, 404, 405 with Allow, 413, 415 for any Content-Encoding, 431, 501 for unknown methods, 503 when
// the workers are saturated), OPTIONS with Allow, HEAD as GET; it serves GET /health, GET /ready and GET /metrics, and
// counts requests and latencies by route, with method and route labels from a fixed set.
class Server {
 public:
  using Handler = http::Handler;
  enum class Admission { kAdmitted, kRefused, kWouldWait };
  // Runs before a route's handler, on the same thread: it may establish who is calling
  // (Request::caller) or answer itself (401, 429...) and refuse, and the handler never runs.
  // `may_wait` is false on an I/O thread, where nothing may block: a guard that would have to
  // (a rate-limit lease to refill from Redis, say) answers kWouldWait and runs again on a worker.
  using Guard = std::function<Admission(Request&, Response&, bool may_wait)>;
  // Whether a route's guard and handler get through this request without waiting on anything (no
  // I/O, no lock held across I/O), judged from its line and headers.
  using Quick = std::function<bool(const Request&)>;

  Server(const ServerOptions& options, std::shared_ptr<metrics::Registry> registry);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // `path_template` is e.g. "/orders/{id}"; it also names the route in metrics.
  void route(const std::string& method, const std::string& path_template, Handler handler, Guard guard = nullptr);
  // A route whose handler may answer after it returns, from another thread (see Responder). The
  // connection waits meanwhile without holding a worker; stop() waits for every such answer.
  // Requests `quick` says yes to, with bodies up to max_inline_body_bytes, are handled on their
  // I/O thread (the guard with may_wait false); all others on a worker.
  void route_async(const std::string& method, const std::string& path_template, AsyncHandler handler,
                   Guard guard = nullptr, Quick quick = nullptr);
  // May be called while serving (a consumer becomes known after the server started).
  void set_readiness(ReadinessCheck check);

  // Binds and serves on background threads. Throws std::runtime_error when the port is taken.
  void start();
  // Stops accepting, finishes the requests being handled, closes every connection.
  void stop();
  int port() const { return port_; }
  // The admin listener's port, or -1 without one.
  int admin_port() const { return admin_ ? admin_->port() : -1; }

  struct Exchange;  // one request on its way through the server (server.cpp)

 private:
  struct Route {
    std::map<std::string, AsyncHandler> handlers;  // by method
    std::map<std::string, Guard> guards;           // by method, for guarded ones
    std::map<std::string, Quick> quick;            // by method, for those handled inline when quick
    prometheus::Histogram* latency = nullptr;
    std::string allow;  // the Allow header: its methods, HEAD and OPTIONS
  };

  friend struct ServerCallbacks;  // libmicrohttpd's C callbacks (server.cpp)

  // Everything decided from the request line and headers: true when a response was queued.
  bool refuse_early(MHD_Connection* connection, Exchange& exchange, const char* url, const char* method);
  void dispatch(MHD_Connection* connection, Exchange& exchange);
  // The guard's decision, and the server's own refusals (413, 503) before it.
  Admission admit(Exchange& exchange, Response& refusal, bool may_wait);
  // Runs the guard and the handler; `suspended` when the answer resumes the connection (it may come
  // from another thread). False, with nothing answered, only when the guard would wait and
  // `may_wait` is false.
  bool handle(MHD_Connection* connection, Exchange& exchange, bool suspended, bool may_wait);
  void answer(MHD_Connection* connection, Exchange& exchange, Response& response, bool suspended);
  std::shared_ptr<IoLoop> loop_of(MHD_Connection* connection);  // the loop running the connection's daemon
  void completed(Exchange& exchange);
  // Counts `bytes` more of the exchange's body against max_buffered_body_bytes; false if over.
  bool reserve_body(Exchange& exchange, std::size_t bytes);
  void release_body(Exchange& exchange);
  // Joins the I/O loops, stops their daemons and closes their listening descriptors.
  void stop_daemons();

  ServerOptions options_;
  std::shared_ptr<metrics::Registry> registry_;
  Router router_;
  std::vector<Route> routes_;  // by Router index
  std::mutex readiness_mutex_;
  ReadinessCheck readiness_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& latency_;
  prometheus::Gauge& buffered_gauge_;  // http_request_body_buffered_bytes
  std::unique_ptr<WorkerPool> workers_;
  std::atomic<std::size_t> buffered_body_bytes_{0};  // held by requests now, against max_buffered_body_bytes
  // Requests handed to the workers and not yet completed (answer written, or the client gone);
  // stop() waits for 0, so the answers it waits for are also sent.
  std::mutex dispatched_mutex_;
  std::condition_variable all_completed_;
  std::size_t dispatched_ = 0;
  std::vector<MHD_Daemon*> daemons_;            // one per I/O loop, all accepting from one socket
  std::vector<std::shared_ptr<IoLoop>> loops_;  // each runs its daemon, by the same index
  int port_ = 0;
  std::string tls_certificate_, tls_key_;  // PEM, kept while the daemon runs
  std::unique_ptr<Server> admin_;          // serves /ready and /metrics when admin_port >= 0
};

// Writes `body` with exact_json::dump_exact(): exact decimals as written, invalid UTF-8 replaced.
void reply_json(Response& response, int status, const nlohmann::json& body);

// The error body every orderflow API uses:
//   {"error": "<code>", "message": "<for people>", "problems": [{"field","rule","message"}]}
void reply_error(Response& response, int status, const std::string& code, const std::string& message,
                 const nlohmann::json& problems = nlohmann::json::array());

}  // namespace orderflow::http
