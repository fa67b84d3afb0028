#include "orderflow/http/settings.h"

namespace orderflow::http {

ServerOptions read_server_options(Settings& settings, int default_port) {
  ServerOptions options;
  options.host = settings.text("HTTP_HOST", "127.0.0.1", "address the HTTP server binds; 0.0.0.0 in containers");
  options.port = static_cast<int>(settings.integer("HTTP_PORT", default_port, 0, 65535, "HTTP port (0: any free port)"));
  options.threads = static_cast<int>(settings.integer("HTTP_THREADS", 32, 1, 1024, "HTTP worker threads"));
  options.max_body_bytes = static_cast<std::size_t>(
      settings.integer("HTTP_MAX_BODY_BYTES", 1 << 20, 1024, 64 << 20, "largest request body accepted (413 above)"));
  return options;
}

}  // namespace orderflow::http
