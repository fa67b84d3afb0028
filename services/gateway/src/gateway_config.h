#pragma once

#include <chrono>
#include <string>

#include "orderflow/common/settings.h"
#include "orderflow/http/server.h"
#include "orderflow/kafka/client_config.h"
#include "orderflow/kafka/producer.h"
#include "orderflow/kafka/settings.h"

namespace orderflow::gateway {

struct GatewayConfig {
  http::ServerOptions http;
  kafka::ClientConfig kafka;
  kafka::ProducerOptions producer;
  kafka::PipelineTopics topics;
  std::string default_currency;

  static GatewayConfig read(Settings& settings);
};

}  // namespace orderflow::gateway
