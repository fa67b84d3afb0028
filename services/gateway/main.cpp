// orderflow gateway: takes orders, payments, users and inventory adjustments over HTTP and
// publishes them to Kafka as events.
#include "orderflow/common/logger.h"
#include "orderflow/common/shutdown.h"
#include "orderflow/kafka/statistics.h"
#include "orderflow/kafka/topics.h"

#include "accepted_events.h"
#include "event_intake.h"
#include "gateway_config.h"
#include "routes.h"

using namespace orderflow;

int main(int argc, char** argv) {
  ShutdownSignal shutdown;
  Settings settings("gateway", argc, argv);
  init_logging(settings, "gateway");
  const auto config = gateway::GatewayConfig::read(settings);
  settings.finish();

  try {
    events::Contract::instance();  // load and check the schemas before taking traffic
    if (config.topics.create) kafka::ensure_topics(config.kafka, config.topics.specs());
    auto registry = std::make_shared<metrics::Registry>();
    kafka::StatisticsMetrics kafka_statistics(*registry);
    auto kafka_config = config.kafka;
    kafka_config.statistics = &kafka_statistics;
    kafka::Producer producer(kafka_config, config.producer);
    gateway::KafkaEventPublisher publisher(producer, config.topics.raw, *registry);
    redis::RedisClient redis_client(config.redis);
    redis::RedisClient accepted_client(config.redis);
    gateway::AcceptedEvents accepted(accepted_client, redis::keys::kAcceptedEventRetention);
    gateway::EventIntake intake(publisher, config.max_future_skew, [&](const auto& ids) { accepted.mark(ids); });
    gateway::GatewayRoutes routes(intake, {config.default_currency, config.events_batch_max});
    gateway::RedisIdempotencyStore idempotency_store(redis_client, config.idempotency_retention,
                                                     config.idempotency_lease);
    gateway::IdempotentHandler idempotency(idempotency_store, *registry);

    http::Server server(config.http, registry);
    routes.add_to(server, &idempotency);
    server.start();
    log::info("gateway ready", {{"port", server.port()}, {"topic", config.topics.raw}});

    shutdown.wait();
    server.stop();  // finishes the requests in flight; then the producer flushes as it closes
  } catch (const std::exception& e) {
    log::error("gateway stopped on error", {{"error", e.what()}});
    return 1;
  }
  log::info("gateway stopped");
  return 0;
}
