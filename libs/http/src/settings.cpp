#include "orderflow/http/settings.h"

namespace orderflow::http {

ServerOptions server_defaults(int port) {
  ServerOptions options;
  options.port = port;
  return options;
}

ServerOptions read_server_options(Settings& settings, const ServerOptions& defaults) {
  ServerOptions options = defaults;
  options.host = settings.text("HTTP_HOST", defaults.host, "address the HTTP server binds; 0.0.0.0 in containers");
  options.port =
      static_cast<int>(settings.integer("HTTP_PORT", defaults.port, 0, 65535, "HTTP port (0: any free port)"));
  options.threads =
      static_cast<int>(settings.integer("HTTP_THREADS", defaults.threads, 1, 4096, "threads running request handlers"));
  options.io_threads = static_cast<int>(
      settings.integer("HTTP_IO_THREADS", defaults.io_threads, 1, 64, "threads reading and writing connections"));
  options.max_body_bytes = static_cast<std::size_t>(
      settings.integer("HTTP_MAX_BODY_BYTES", static_cast<long long>(defaults.max_body_bytes), 1024, 64 << 20,
                       "largest request body accepted, however framed (413 above)"));
  options.max_header_bytes = static_cast<std::size_t>(
      settings.integer("HTTP_MAX_HEADER_BYTES", static_cast<long long>(defaults.max_header_bytes), 8 << 10, 1 << 20,
                       "largest request line and headers together (431 above)"));
  options.max_header_count =
      static_cast<std::size_t>(settings.integer("HTTP_MAX_HEADERS", static_cast<long long>(defaults.max_header_count),
                                                8, 1000, "most header fields in a request (431 above)"));
  options.max_connections = static_cast<std::size_t>(
      settings.integer("HTTP_MAX_CONNECTIONS", static_cast<long long>(defaults.max_connections), 16, 1'000'000,
                       "most open client connections; more are refused"));
  options.max_queued_requests = static_cast<std::size_t>(
      settings.integer("HTTP_MAX_QUEUED_REQUESTS", static_cast<long long>(defaults.max_queued_requests), 1, 1'000'000,
                       "complete requests waiting for a handler thread (503 above)"));
  options.max_inline_body_bytes = static_cast<std::size_t>(settings.integer(
      "HTTP_MAX_INLINE_BODY_BYTES", static_cast<long long>(defaults.max_inline_body_bytes), 0, 1 << 20,
      "largest body of a quick request handled on its I/O thread rather than a handler thread (0: none)"));
  options.max_buffered_body_bytes = static_cast<std::size_t>(
      settings.integer("HTTP_MAX_BUFFERED_BODY_BYTES", static_cast<long long>(defaults.max_buffered_body_bytes),
                       1 << 20, 1LL << 36, "request bodies held in memory at once, over all connections (503 above)"));
  options.request_timeout = std::chrono::seconds(
      settings.integer("HTTP_REQUEST_TIMEOUT_SECONDS", defaults.request_timeout.count(), 1, 3600,
                       "longest a request's body may take to arrive; the connection is closed after"));
  options.idle_timeout =
      std::chrono::seconds(settings.integer("HTTP_IDLE_TIMEOUT_SECONDS", defaults.idle_timeout.count(), 1, 3600,
                                            "a connection that sends nothing for this long is closed"));
  options.tls_certificate_file =
      settings.text("HTTP_TLS_CERT_FILE", defaults.tls_certificate_file,
                    "PEM certificate chain: with HTTP_TLS_KEY_FILE the API is served over HTTPS");
  options.tls_key_file =
      settings.text("HTTP_TLS_KEY_FILE", defaults.tls_key_file, "PEM private key of the certificate");
  options.admin_port =
      static_cast<int>(settings.integer("ADMIN_PORT", defaults.admin_port, -1, 65535,
                                        "serve /ready and /metrics on this port instead (-1: on HTTP_PORT)"));
  options.admin_host = settings.text("ADMIN_HOST", defaults.admin_host, "address the admin port binds");
  return options;
}

}  // namespace orderflow::http
