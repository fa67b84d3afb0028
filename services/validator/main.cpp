// orderflow validator: checks raw events and forwards the valid ones; dead-letters the rest.
#include "orderflow/common/logger.h"
#include "orderflow/common/run_together.h"
#include "orderflow/common/shutdown.h"
#include "orderflow/dead_letters/sink.h"
#include "orderflow/events/contract.h"
#include "orderflow/http/server.h"
#include "orderflow/kafka/consumer.h"
#include "orderflow/kafka/dead_letter_topic.h"
#include "orderflow/kafka/statistics.h"
#include "orderflow/kafka/topics.h"

#include "validator_config.h"
#include "validator_worker.h"

using namespace orderflow;

int main(int argc, char** argv) {
  ShutdownSignal shutdown;
  Settings settings("validator", argc, argv);
  init_logging(settings, "validator");
  const auto config = validator::ValidatorConfig::read(settings);
  settings.finish();

  try {
    events::Contract::instance();  // load and check the schemas before consuming
    if (config.topics.create && !kafka::ensure_topics_when_available(config.kafka, config.topics.specs(), shutdown)) {
      return 0;
    }
    auto registry = std::make_shared<metrics::Registry>();
    http::Server server(config.http, registry);
    server.start();
    kafka::StatisticsMetrics kafka_statistics(*registry);
    auto kafka_config = config.kafka;
    kafka_config.statistics = &kafka_statistics;

    kafka::Producer producer(kafka_config, {});  // dead letters, from every worker
    kafka::DeadLetterTopic dead_letter_topic(producer, config.topics.dead_letters);
    redis::check_configuration(config.redis);
    redis::RedisClient redis_client(config.redis);
    dead_letters::MirroredDeadLetters dead_letters(dead_letter_topic, redis_client, *registry);
    std::vector<std::unique_ptr<validator::ValidatorWorker>> workers;
    for (int i = 0; i < config.consumers; ++i) {
      workers.push_back(std::make_unique<validator::ValidatorWorker>(
          validator::ValidatorWorker::Parts{kafka_config, config.group, config.topics.raw, config.checks, config.stage,
                                            config.forwarding},
          dead_letters, *registry));
    }
    std::vector<std::shared_ptr<const std::atomic<int>>> assigned;
    for (const auto& worker : workers) assigned.push_back(worker->assigned_partitions());
    server.set_readiness(kafka::ready_when_assigned(std::move(assigned), "the raw topic"));
    log::info("validator ready",
              {{"topic", config.topics.raw}, {"group", config.group}, {"consumers", config.consumers}});
    run_together(workers, shutdown);
  } catch (const std::exception& e) {
    log::error("validator stopped on error", {{"error", e.what()}});
    return 1;
  }
  log::info("validator stopped");
  return 0;
}
