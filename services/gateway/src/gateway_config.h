#pragma once

#include <chrono>
#include <string>

#include "orderflow/auth/settings.h"
#include "orderflow/common/settings.h"
#include "orderflow/events/settings.h"
#include "orderflow/http/server.h"
#include "orderflow/kafka/client_config.h"
#include "orderflow/kafka/producer.h"
#include "orderflow/kafka/settings.h"
#include "orderflow/redis/redis_client.h"

namespace orderflow::gateway {

// Everything the gateway is configured with. The member initializers are the defaults, the only
// place they are written; read() takes each from its setting (--help lists them).
struct GatewayConfig {
  // Handlers return as soon as their events are produced and the answer follows from Kafka's
  // delivery report, so the threads are busy only with parsing, checks and the odd Redis round
  // trip (API key leases, Idempotency-Key claims). Requests waiting for Kafka are bounded by
  // max_events_in_flight instead. More threads than this only add context switches: 256 (when
  // each waited for Kafka) cost ~66 µs of CPU per POST /order against ~53 µs with 16.
  http::ServerOptions http = [] {
    http::ServerOptions options;
    options.port = 8080;
    options.threads = 16;
    return options;
  }();  // the other limits as http::ServerOptions sets them
  kafka::ClientConfig kafka;
  // A client waits at most delivery_timeout for its 202 (then 503). Linger 5 ms: on two shared
  // cores the broker's CPU per produce request is what limits the whole pipeline, and fuller
  // batches cut it (at 2,000 orders/s end to end: broker CPU -31 %, 202 p50 9 ms against 12 ms
  // with 0). A gateway with a broker of its own answers sooner with 0.
  kafka::ProducerOptions producer{.delivery_timeout = std::chrono::milliseconds(5'000),
                                  .linger = std::chrono::milliseconds(5)};
  kafka::PipelineTopics topics;
  std::string default_currency = "USD";
  std::size_t events_batch_max = 100;
  std::chrono::seconds max_future_skew = events::kDefaultMaxFutureSkew;
  redis::RedisOptions redis;
  std::chrono::seconds idempotency_retention{86'400};
  std::chrono::seconds idempotency_lease{10};
  // Events handed to Kafka and not yet acknowledged, over all requests: 503 beyond.
  std::size_t max_events_in_flight = 10'000;
  // Writers need an API key by default; the keys live in PostgreSQL (orderflow-keys manages them).
  auth::AuthConfig auth;
  // API keys (when auth.required) and the reviews POST /reviews/{id}/decision checks.
  std::string database_url;

  static GatewayConfig read(Settings& settings);
};

}  // namespace orderflow::gateway
