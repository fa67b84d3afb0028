// orderflow gateway: takes orders, payments, users and inventory adjustments over HTTP and
// publishes them to Kafka as events.
#include "orderflow/auth/key_directory.h"
#include "orderflow/auth/request_guard.h"
#include "orderflow/common/logger.h"
#include "orderflow/common/shutdown.h"
#include "orderflow/kafka/statistics.h"
#include "orderflow/kafka/topics.h"
#include "orderflow/storage/database_setup.h"

#include "accepted_events.h"
#include "event_intake.h"
#include "gateway_config.h"
#include "review_ledger.h"
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
    if (config.topics.create && !kafka::ensure_topics_when_available(config.kafka, config.topics.specs(), shutdown)) {
      return 0;
    }
    auto registry = std::make_shared<metrics::Registry>();
    kafka::StatisticsMetrics kafka_statistics(*registry);
    auto kafka_config = config.kafka;
    kafka_config.statistics = &kafka_statistics;
    kafka::Producer producer(kafka_config, config.producer);
    gateway::KafkaEventPublisher publisher(producer, config.topics.raw, *registry);
    redis::check_configuration(config.redis);
    redis::RedisClient redis_client(config.redis);
    redis::RedisClient accepted_client(config.redis);
    gateway::AcceptedEvents accepted(accepted_client, redis::keys::kAcceptedEventRetention);
    gateway::EventIntake intake(
        publisher, config.max_future_skew, [&](const auto& ids, auto then) { accepted.mark(ids, std::move(then)); },
        config.max_events_in_flight);
    postgres::ConnectionPool database(config.database_url, 2);
    gateway::StoredReviewLedger reviews(database, config.redis);
    gateway::GatewayRoutes routes(intake, {config.default_currency, config.events_batch_max}, &reviews);
    gateway::RedisIdempotencyStore idempotency_store(redis_client, config.idempotency_retention,
                                                     config.idempotency_lease);
    gateway::IdempotentHandler idempotency(idempotency_store, *registry);

    // API keys: the api_keys table is brought up to date first, then read into memory and refreshed.
    std::unique_ptr<auth::ApiKeyStore> key_store;
    std::unique_ptr<auth::KeyDirectory> keys;
    std::unique_ptr<auth::RedisRateLimiter> rate_limiter;
    std::unique_ptr<auth::JwtVerifier> jwt;
    std::unique_ptr<auth::RequestGuard> guard;
    if (config.auth.required) {
      if (!storage::migrate_when_available(config.database_url, shutdown)) return 0;
      key_store = std::make_unique<auth::ApiKeyStore>(database);
      keys = std::make_unique<auth::KeyDirectory>([&] { return key_store->active(); }, config.auth.refresh);
      rate_limiter = std::make_unique<auth::RedisRateLimiter>(config.redis, config.auth.rate_limit_connections);
      if (config.auth.jwt) jwt = std::make_unique<auth::JwtVerifier>(*config.auth.jwt);
      guard = std::make_unique<auth::RequestGuard>(*keys, rate_limiter.get(), config.auth.guard, *registry, jwt.get());
    } else {
      log::warn("AUTH_MODE=open: anyone who reaches the gateway may publish any event");
    }

    http::Server server(config.http, registry);
    routes.add_to(server, &idempotency, guard ? guard->as_guard() : nullptr);
    server.set_readiness([&](std::string& detail) {
      if (keys && !keys->usable()) {
        detail = keys->loaded() ? "API keys not reloaded for too long" : "API keys not loaded yet";
        return false;
      }
      return true;
    });
    server.start();
    log::info("gateway ready", {{"port", server.port()},
                                {"topic", config.topics.raw},
                                {"auth", config.auth.required ? "api_keys" : "open"},
                                {"apiKeys", keys ? keys->size() : 0}});

    shutdown.wait();
    server.stop();  // finishes the requests in flight; then the producer flushes as it closes
  } catch (const std::exception& e) {
    log::error("gateway stopped on error", {{"error", e.what()}});
    return 1;
  }
  log::info("gateway stopped");
  return 0;
}
