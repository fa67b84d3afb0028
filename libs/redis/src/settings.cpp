#include "orderflow/redis/settings.h"

namespace orderflow::redis {

RedisOptions read_redis_options(Settings& settings, const std::string& purpose) {
  RedisOptions options;  // its member initializers are the defaults
  options.url = settings.secret("REDIS_URL", options.url,
                                "Redis, " + purpose + " (redis[s]://[[user]:password@]host[:port][/db])");
  options.ca_file = settings.text("REDIS_CA_FILE", options.ca_file,
                                  "PEM CA that signs the Redis server's certificate (rediss:// URLs)");
  options.timeout = settings.millis("REDIS_TIMEOUT_MS", options.timeout, "Redis connect and command timeout");
  return options;
}

}  // namespace orderflow::redis
