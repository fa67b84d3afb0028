#pragma once

#include <string>

#include "orderflow/common/settings.h"
#include "orderflow/redis/redis_client.h"

namespace orderflow::redis {

// REDIS_URL and REDIS_TIMEOUT_MS; `purpose` says in --help what this service uses Redis for.
RedisOptions read_redis_options(Settings& settings, const std::string& purpose);

}  // namespace orderflow::redis
