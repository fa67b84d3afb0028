#pragma once

#include "orderflow/common/settings.h"
#include "orderflow/http/server.h"

namespace orderflow::http {

// HTTP_HOST, HTTP_PORT, HTTP_THREADS and HTTP_MAX_BODY_BYTES.
ServerOptions read_server_options(Settings& settings, int default_port);

}  // namespace orderflow::http
