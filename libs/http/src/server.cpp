#include "orderflow/http/server.h"

#include <stdexcept>

#include "orderflow/common/logger.h"
#include "orderflow/json/exact_json.h"

namespace orderflow::http {
namespace {

// The route a request matched, handed from the handler wrapper to the access logger, which runs
// afterwards on the same thread and also sees requests no route matched.
thread_local const std::string* t_route = nullptr;

const std::string kUnmatched = "unmatched";
const std::vector<std::string> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE"};

std::string default_code(int status) {
  switch (status) {
    case 400: return "bad_request";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 413: return "payload_too_large";
    case 415: return "unsupported_media_type";
    default: return status >= 500 ? "internal_error" : "request_error";
  }
}

}  // namespace

void reply_json(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void reply_exact_json(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  response.set_content(json::dump_exact(body), "application/json");
}

void reply_error(httplib::Response& response, int status, const std::string& code, const std::string& message,
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
                   .Register(*registry_)) {
  server_.new_task_queue = [threads = options_.threads] { return new httplib::ThreadPool(threads); };
  server_.set_payload_max_length(options_.max_body_bytes);
  server_.set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string message = "the request could not be handled";
        if (res.status == 404) message = "no resource at " + req.path;
        if (res.status == 413) message = "the body is larger than " + std::to_string(options_.max_body_bytes) + " bytes";
        if (res.status == 400) message = "the request is malformed";
        reply_error(res, res.status, default_code(res.status), message);
        return httplib::Server::HandlerResponse::Handled;
      }));
  server_.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    log::error("request handler failed", {{"path", req.path}, {"error", what}});
    reply_error(res, 500, "internal_error", "the request could not be handled; it was not accepted");
  });
  server_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    const std::string& route = t_route ? *t_route : kUnmatched;
    t_route = nullptr;
    requests_.Add({{"route", route}, {"method", req.method}, {"code", std::to_string(res.status)}}).Increment();
  });

  route("GET", "/health", "/health", [](const httplib::Request&, httplib::Response& res) {
    reply_json(res, 200, {{"status", "ok"}});
  });
  route("GET", "/ready", "/ready", [this](const httplib::Request&, httplib::Response& res) {
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
  route("GET", "/metrics", "/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics::render(*registry_), "text/plain; version=0.0.4");
  });
}

Server::~Server() { stop(); }

void Server::set_readiness(ReadinessCheck check) {
  std::lock_guard lock(readiness_mutex_);
  readiness_ = std::move(check);
}

void Server::route(const std::string& method, const std::string& pattern, const std::string& route,
                   Handler handler) {
  auto& histogram = latency_.Add({{"route", route}}, metrics::latency_buckets());
  auto wrapped = [handler = std::move(handler), &histogram, name = std::make_shared<std::string>(route)](
                     const httplib::Request& req, httplib::Response& res) {
    t_route = name.get();
    metrics::ScopedTimer timer(histogram);
    handler(req, res);
  };
  if (method == "GET") server_.Get(pattern, wrapped);
  else if (method == "POST") server_.Post(pattern, wrapped);
  else if (method == "PUT") server_.Put(pattern, wrapped);
  else if (method == "PATCH") server_.Patch(pattern, wrapped);
  else if (method == "DELETE") server_.Delete(pattern, wrapped);
  else throw std::invalid_argument("unsupported HTTP method " + method);
  allowed_methods_[pattern].insert(method);
}

void Server::register_method_not_allowed() {
  for (const auto& [pattern, allowed] : allowed_methods_) {
    std::string allow;
    for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
    if (allowed.count("GET")) allow += ", HEAD";
    auto reject = [allow](const httplib::Request& req, httplib::Response& res) {
      res.set_header("Allow", allow);
      reply_error(res, 405, "method_not_allowed", req.method + " is not allowed here; use " + allow);
    };
    for (const auto& method : kMethods) {
      if (allowed.count(method)) continue;
      if (method == "GET") server_.Get(pattern, reject);
      else if (method == "POST") server_.Post(pattern, reject);
      else if (method == "PUT") server_.Put(pattern, reject);
      else if (method == "PATCH") server_.Patch(pattern, reject);
      else if (method == "DELETE") server_.Delete(pattern, reject);
    }
  }
}

void Server::start() {
  register_method_not_allowed();
  if (options_.port == 0) {
    port_ = server_.bind_to_any_port(options_.host);
  } else {
    port_ = server_.bind_to_port(options_.host, options_.port) ? options_.port : -1;
  }
  if (port_ <= 0) {
    throw std::runtime_error("cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                             " (is the port in use? set HTTP_PORT)");
  }
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  log::info("http server listening", {{"host", options_.host}, {"port", port_}});
}

void Server::stop() {
  if (!thread_.joinable()) return;
  server_.stop();
  thread_.join();
}

}  // namespace orderflow::http
