#pragma once

#include "orderflow/common/settings.h"
#include "orderflow/http/server.h"

namespace orderflow::http {

// HTTP_HOST, HTTP_PORT, HTTP_THREADS, HTTP_IO_THREADS and the limits of ServerOptions
// (HTTP_MAX_BODY_BYTES, HTTP_MAX_HEADER_BYTES, HTTP_MAX_HEADERS, HTTP_MAX_CONNECTIONS,
// HTTP_MAX_QUEUED_REQUESTS, HTTP_IDLE_TIMEOUT_SECONDS).
// Each setting's default is the service's `defaults` (ServerOptions' own, with the service's port
// and any limit it sets otherwise, e.g. the gateway's handler threads).
ServerOptions read_server_options(Settings& settings, const ServerOptions& defaults);
// ServerOptions' defaults with `port`.
ServerOptions server_defaults(int port);

}  // namespace orderflow::http
