#include "read_api_config.h"

#include "orderflow/http/settings.h"
#include "orderflow/redis/settings.h"
#include "orderflow/storage/settings.h"

namespace orderflow::read_api {

http::ServerOptions ReadApiConfig::http_defaults() {
  return http::server_defaults(8081);
}

ReadApiConfig ReadApiConfig::read(Settings& settings) {
  ReadApiConfig config;  // the defaults
  config.http = http::read_server_options(settings, config.http);
  config.database_url = storage::read_database_url(settings);
  config.pool_size =
      static_cast<std::size_t>(settings.integer("DATABASE_POOL_SIZE", static_cast<long long>(config.pool_size), 1, 512,
                                                "PostgreSQL connections shared by the HTTP threads"));
  config.redis = redis::read_redis_options(settings, "for GET /events/{id} of events not yet stored");
  config.auth = auth::AuthConfig::read(settings, "READ_AUTH", false, false);
  return config;
}

}  // namespace orderflow::read_api
