#pragma once

#include "orderflow/common/settings.h"
#include "orderflow/http/server.h"

namespace orderflow::http {

// HTTP_HOST, HTTP_PORT, HTTP_THREADS, HTTP_IO_THREADS and the limits of ServerOptions
// (HTTP_MAX_BODY_BYTES, HTTP_MAX_HEADER_BYTES, HTTP_MAX_HEADERS, HTTP_MAX_CONNECTIONS,
// HTTP_MAX_QUEUED_REQUESTS, HTTP_IDLE_TIMEOUT_SECONDS).
// `default_threads` (0: ServerOptions' default) suits services whose handlers mostly wait, as the
// gateway's wait for Kafka's acknowledgement.
ServerOptions read_server_options(Settings& settings, int default_port, int default_threads = 0);

}  // namespace orderflow::http
