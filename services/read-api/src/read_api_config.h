#pragma once

#include <cstddef>
#include <string>

#include "orderflow/auth/settings.h"
#include "orderflow/common/settings.h"
#include "orderflow/http/server.h"
#include "orderflow/redis/redis_client.h"

namespace orderflow::read_api {

// Everything the read-api is configured with. The member initializers are the defaults, the only
// place they are written; read() takes each from its setting (--help lists them).
struct ReadApiConfig {
  http::ServerOptions http = http_defaults();
  std::string database_url;
  std::size_t pool_size = 8;
  redis::RedisOptions redis;
  // Reads are open by default; READ_AUTH=api_keys asks for the same keys as writes (any active key).
  auth::AuthConfig auth;

  static ReadApiConfig read(Settings& settings);

 private:
  static http::ServerOptions http_defaults();
};

}  // namespace orderflow::read_api
