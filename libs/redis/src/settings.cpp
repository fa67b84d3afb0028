#include "orderflow/redis/settings.h"

namespace orderflow::redis {

RedisOptions read_redis_options(Settings& settings, const std::string& purpose) {
  RedisOptions options;
  options.url = settings.text("REDIS_URL", "redis://127.0.0.1:6379/0", "Redis, " + purpose);
  options.timeout =
      settings.millis("REDIS_TIMEOUT_MS", std::chrono::milliseconds(200), "Redis connect and command timeout");
  return options;
}

}  // namespace orderflow::redis
