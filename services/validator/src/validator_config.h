#pragma once

#include <string>

#include "orderflow/common/settings.h"
#include "orderflow/http/server.h"
#include "orderflow/kafka/batch_stage.h"
#include "orderflow/kafka/client_config.h"
#include "orderflow/kafka/producer.h"
#include "orderflow/kafka/settings.h"
#include "orderflow/redis/redis_client.h"

#include "validator_handler.h"

namespace orderflow::validator {

// Everything the validator is configured with. The member initializers are the defaults, the only
// place they are written; read() takes each from its setting (--help lists them).
struct ValidatorConfig {
  http::ServerOptions http = http_defaults();
  kafka::ClientConfig kafka;
  kafka::PipelineTopics topics;
  std::string group = "orderflow-validator";
  kafka::StageOptions stage{.name = "validator", .batch_max_messages = 500, .max_batches_in_flight = 4};
  // The forwards are not flushed batch by batch (a flush waits for the acknowledgements), so
  // linger.ms is what they wait before being sent: 1 ms joins a batch's events into few requests.
  kafka::ProducerOptions forwarding{.linger = std::chrono::milliseconds(1)};
  ValidatorOptions checks;  // its validated_topic is topics.validated
  redis::RedisOptions redis;
  int consumers = 2;  // VALIDATOR_CONSUMERS: consumers of the group in this process (ValidatorWorker)

  static ValidatorConfig read(Settings& settings);

 private:
  static http::ServerOptions http_defaults();
};

}  // namespace orderflow::validator
