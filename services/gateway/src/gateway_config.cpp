#include "gateway_config.h"

#include "orderflow/http/settings.h"
#include "orderflow/redis/settings.h"
#include "orderflow/storage/settings.h"

namespace orderflow::gateway {

GatewayConfig GatewayConfig::read(Settings& settings) {
  GatewayConfig config;  // the defaults
  config.http = http::read_server_options(settings, config.http);
  config.kafka = kafka::read_client_config(settings, "orderflow-gateway");
  config.topics = kafka::read_topics(settings);
  config.producer.delivery_timeout =
      settings.millis("KAFKA_DELIVERY_TIMEOUT_MS", config.producer.delivery_timeout,
                      "how long a request waits for Kafka's acknowledgement before answering 503");
  config.producer.linger =
      settings.millis("KAFKA_LINGER_MS", config.producer.linger, "how long the producer waits to fill a batch");
  config.default_currency =
      settings.text("DEFAULT_CURRENCY", config.default_currency, "currency of POST /order bodies, which carry none");
  config.events_batch_max =
      static_cast<std::size_t>(settings.integer("EVENTS_BATCH_MAX", static_cast<long long>(config.events_batch_max), 1,
                                                10'000, "most events in one POST /events array"));
  config.max_future_skew = events::read_max_future_skew(settings);
  config.redis = redis::read_redis_options(settings, "for Idempotency-Key answers and accepted-event notes");
  config.idempotency_retention =
      std::chrono::seconds(settings.integer("IDEMPOTENCY_RETENTION_SECONDS", config.idempotency_retention.count(), 60,
                                            30 * 86'400, "how long an Idempotency-Key's answer is kept"));
  config.idempotency_lease = std::chrono::seconds(
      settings.integer("IDEMPOTENCY_LEASE_SECONDS", config.idempotency_lease.count(), 1, 3600,
                       "how long a key stays in flight (409) if its gateway died before answering"));
  config.max_events_in_flight = static_cast<std::size_t>(
      settings.integer("MAX_EVENTS_IN_FLIGHT", static_cast<long long>(config.max_events_in_flight), 1, 10'000'000,
                       "events waiting for Kafka's acknowledgement at once; requests beyond get 503"));
  config.auth = auth::AuthConfig::read(settings, "AUTH_MODE", true, true);
  config.database_url = storage::read_database_url(settings);
  return config;
}

}  // namespace orderflow::gateway
