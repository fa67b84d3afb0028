#include "gateway_config.h"

#include "orderflow/http/settings.h"
#include "orderflow/redis/settings.h"

namespace orderflow::gateway {

GatewayConfig GatewayConfig::read(Settings& settings) {
  GatewayConfig config;
  // A handler spends most of its time waiting for Kafka's acknowledgement (linger plus the
  // replicas' round trip), not on a core, so requests in flight are bounded by these threads.
  config.http = http::read_server_options(settings, 8080, 256);
  config.kafka = kafka::read_client_config(settings, "orderflow-gateway");
  config.topics = kafka::read_topics(settings);
  config.producer.delivery_timeout = settings.millis(
      "KAFKA_DELIVERY_TIMEOUT_MS", std::chrono::milliseconds(5000),
      "how long a request waits for Kafka's acknowledgement before answering 503");
  // 5 ms: on two shared cores the broker's CPU per produce request is what limits the whole
  // pipeline, and fuller batches cut it (at 2,000 orders/s end to end: broker CPU -31 %, 202 p50
  // 9 ms against 12 ms with 0). A gateway with a broker of its own answers sooner with 0.
  config.producer.linger = settings.millis("KAFKA_LINGER_MS", std::chrono::milliseconds(5),
                                           "how long the producer waits to fill a batch");
  config.default_currency = settings.text("DEFAULT_CURRENCY", "USD", "currency of POST /order bodies, which carry none");
  config.events_batch_max = static_cast<std::size_t>(
      settings.integer("EVENTS_BATCH_MAX", 100, 1, 10'000, "most events in one POST /events array"));
  config.max_future_skew = std::chrono::seconds(settings.integer(
      "MAX_FUTURE_SKEW_SECONDS", 300, 0, 86'400, "how far in the future an event's timestamps may be"));
  config.redis = redis::read_redis_options(settings, "for Idempotency-Key answers and accepted-event notes");
  config.idempotency_retention = std::chrono::seconds(settings.integer(
      "IDEMPOTENCY_RETENTION_SECONDS", 86'400, 60, 30 * 86'400, "how long an Idempotency-Key's answer is kept"));
  config.idempotency_lease = std::chrono::seconds(settings.integer(
      "IDEMPOTENCY_LEASE_SECONDS", 10, 1, 3600,
      "how long a key stays in flight (409) if its gateway died before answering"));
  return config;
}

}  // namespace orderflow::gateway
