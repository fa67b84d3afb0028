#pragma once

#include <chrono>
#include <string>

#include "orderflow/common/settings.h"
#include "orderflow/http/server.h"
#include "orderflow/kafka/client_config.h"
#include "orderflow/kafka/producer.h"
#include "orderflow/kafka/settings.h"
#include "orderflow/redis/redis_client.h"

namespace orderflow::gateway {

struct GatewayConfig {
  http::ServerOptions http;
  kafka::ClientConfig kafka;
  kafka::ProducerOptions producer;
  kafka::PipelineTopics topics;
  std::string default_currency;
  std::size_t events_batch_max = 100;
  std::chrono::seconds max_future_skew{300};
  redis::RedisOptions redis;
  std::chrono::seconds idempotency_retention{86'400};
  std::chrono::seconds idempotency_lease{10};

  static GatewayConfig read(Settings& settings);
};

}  // namespace orderflow::gateway
