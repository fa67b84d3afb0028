#pragma once

#include <httplib.h>

#include <functional>
#include <map>
#include <mutex>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "orderflow/metrics/metrics.h"

namespace orderflow::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0 picks a free port; see Server::port()
  std::size_t max_body_bytes = 1 << 20;
  int threads = 16;
};

// Returns true when the service can do its work; `detail` says why not.
using ReadinessCheck = std::function<bool(std::string& detail)>;

// cpp-httplib set up the same way in every service: JSON bodies for every error (including the
// 404, 405 and 413 httplib produces itself), 405 with an Allow header for a known path and a wrong
// method, GET /health, GET /ready, GET /metrics, and request counts and latencies by route.
class Server {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

  Server(const ServerOptions& options, std::shared_ptr<metrics::Registry> registry);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // `pattern` is httplib's regex path, e.g. R"(/orders/([^/]+))"; `route` names it in metrics.
  void route(const std::string& method, const std::string& pattern, const std::string& route, Handler handler);
  // May be called while serving (a consumer becomes known after the server started).
  void set_readiness(ReadinessCheck check);

  // Binds and serves on a background thread. Throws std::runtime_error when the port is taken.
  void start();
  void stop();
  int port() const { return port_; }

 private:
  void register_method_not_allowed();

  ServerOptions options_;
  std::shared_ptr<metrics::Registry> registry_;
  httplib::Server server_;
  std::map<std::string, std::set<std::string>> allowed_methods_;  // pattern -> methods
  std::mutex readiness_mutex_;
  ReadinessCheck readiness_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& latency_;
  std::thread thread_;
  int port_ = 0;
};

void reply_json(httplib::Response& response, int status, const nlohmann::json& body);
// Writes a body that may hold exact decimals (see orderflow/json/exact_json.h).
void reply_exact_json(httplib::Response& response, int status, const nlohmann::json& body);

// The error body every orderflow API uses:
//   {"error": "<code>", "message": "<for people>", "problems": [{"field","rule","message"}]}
void reply_error(httplib::Response& response, int status, const std::string& code, const std::string& message,
                 const nlohmann::json& problems = nlohmann::json::array());

}  // namespace orderflow::http
