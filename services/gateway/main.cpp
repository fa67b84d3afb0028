// orderflow gateway: takes orders over HTTP and publishes them to Kafka.
#include "gateway_config.h"
#include "order_endpoint.h"
#include "orderflow/common/logger.h"
#include "orderflow/common/shutdown.h"
#include "orderflow/kafka/topics.h"

using namespace orderflow;

int main(int argc, char** argv) {
  ShutdownSignal shutdown;
  Settings settings("gateway", argc, argv);
  init_logging(settings, "gateway");
  const auto config = gateway::GatewayConfig::read(settings);
  settings.finish();

  try {
    if (config.topics.create) kafka::ensure_topics(config.kafka, config.topics.specs(), std::chrono::seconds(30));
    auto registry = std::make_shared<metrics::Registry>();
    kafka::Producer producer(config.kafka, config.producer);
    gateway::KafkaEventPublisher publisher(producer, config.topics.raw, *registry);
    gateway::OrderEndpoint orders(publisher, config.default_currency);

    http::Server server(config.http, registry);
    server.route("POST", "/order", "/order", [&](const auto& req, auto& res) { orders.handle(req, res); });
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
