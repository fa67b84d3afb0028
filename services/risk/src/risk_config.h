#pragma once

#include <chrono>
#include <string>

#include "orderflow/common/settings.h"
#include "orderflow/http/server.h"
#include "orderflow/http/settings.h"
#include "orderflow/kafka/batch_stage.h"
#include "orderflow/kafka/client_config.h"
#include "orderflow/kafka/settings.h"
#include "orderflow/redis/redis_client.h"

namespace orderflow::risk {

// Everything the risk stage is configured with. The member initializers are the defaults, the
// only place they are written; read() takes each from its setting (--help lists them).
struct RiskConfig {
  http::ServerOptions http = http::server_defaults(8084);
  kafka::ClientConfig kafka;
  kafka::PipelineTopics topics;
  std::string group = "orderflow-risk";
  std::string database_url;
  redis::RedisOptions redis;  // the dlq:events copy of dead letters
  kafka::StageOptions stage{.name = "risk", .batch_max_messages = 500};
  // A model file; empty for the model built in (services/risk/models/, kBuiltInModel).
  std::string model_file;
  // How long a user or product read from PostgreSQL is reused.
  std::chrono::milliseconds reference_ttl{30'000};
  // How often the review-queue gauges are read from PostgreSQL.
  std::chrono::milliseconds review_queue_refresh{10'000};

  static RiskConfig read(Settings& settings);
};

}  // namespace orderflow::risk
