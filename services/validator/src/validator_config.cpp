#include "validator_config.h"

#include "orderflow/events/settings.h"
#include "orderflow/http/settings.h"
#include "orderflow/redis/settings.h"

namespace orderflow::validator {

http::ServerOptions ValidatorConfig::http_defaults() {
  return http::server_defaults(8082);
}

ValidatorConfig ValidatorConfig::read(Settings& settings) {
  ValidatorConfig config;  // the defaults
  config.http = http::read_server_options(settings, config.http);
  config.kafka = kafka::read_client_config(settings, "orderflow-validator");
  config.topics = kafka::read_topics(settings);
  config.group = settings.text("CONSUMER_GROUP", config.group, "Kafka consumer group");
  config.stage.batch_max_messages = static_cast<std::size_t>(
      settings.integer("BATCH_MAX_EVENTS", static_cast<long long>(config.stage.batch_max_messages), 1, 100'000,
                       "most events validated per batch"));
  config.stage.batch_max_wait =
      settings.millis("BATCH_MAX_WAIT_MS", config.stage.batch_max_wait, "longest wait to fill a batch");
  config.stage.max_batches_in_flight = static_cast<std::size_t>(settings.integer(
      "BATCHES_IN_FLIGHT", static_cast<long long>(config.stage.max_batches_in_flight), 1, 64,
      "batches a consumer forwards before the oldest is acknowledged (1: each waits for its acknowledgement)"));
  config.forwarding.linger = settings.millis("KAFKA_LINGER_MS", config.forwarding.linger,
                                             "how long forwards wait to fill a batch (with BATCHES_IN_FLIGHT > 1)");
  config.checks.validated_topic = config.topics.validated;
  config.checks.max_future_skew = events::read_max_future_skew(settings);
  config.redis = redis::read_redis_options(settings, "for the dlq:events copy of dead letters");
  config.consumers = static_cast<int>(
      settings.integer("VALIDATOR_CONSUMERS", config.consumers, 1, 64,
                       "consumers of the group in this process, each with its own partitions and producer"));
  return config;
}

}  // namespace orderflow::validator
