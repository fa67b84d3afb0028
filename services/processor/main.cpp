// orderflow processor: applies validated events to PostgreSQL exactly once.
#include "orderflow/common/logger.h"
#include "orderflow/common/run_together.h"
#include "orderflow/common/shutdown.h"
#include "orderflow/dead_letters/sink.h"
#include "orderflow/http/server.h"
#include "orderflow/kafka/consumer.h"
#include "orderflow/kafka/dead_letter_topic.h"
#include "orderflow/kafka/statistics.h"
#include "orderflow/kafka/topics.h"
#include "orderflow/storage/database_setup.h"

#include "dead_letter_recorder_stage.h"
#include "processor_config.h"
#include "processor_worker.h"

using namespace orderflow;

int main(int argc, char** argv) {
  ShutdownSignal shutdown;
  Settings settings("processor", argc, argv);
  init_logging(settings, "processor");
  const auto config = processor::ProcessorConfig::read(settings);
  settings.finish();

  try {
    if (config.topics.create && !kafka::ensure_topics_when_available(config.kafka, config.topics.specs(), shutdown)) {
      return 0;
    }
    if (!storage::migrate_when_available(config.database_url, shutdown)) return 0;

    auto registry = std::make_shared<metrics::Registry>();
    processor::ProcessorMetrics metrics(*registry);
    http::Server server(config.http, registry);
    server.start();
    kafka::StatisticsMetrics kafka_statistics(*registry);
    auto kafka_config = config.kafka;
    kafka_config.statistics = &kafka_statistics;

    kafka::Producer producer(kafka_config, {});
    kafka::DeadLetterTopic dead_letter_topic(producer, config.topics.dead_letters);
    redis::check_configuration(config.redis);
    redis::RedisClient dlq_redis_client(config.redis);  // no cache connection is shared
    dead_letters::MirroredDeadLetters dead_letters(dead_letter_topic, dlq_redis_client, *registry);

    // The dead letter topic -> the dead_letters table (GET /events/{id}); stopped and joined
    // however the loop below ends.
    processor::DeadLetterRecorderStage recorder(
        {kafka_config, config.group, config.topics.dead_letters, config.database_url}, *registry, shutdown);

    std::vector<std::unique_ptr<processor::ProcessorWorker>> workers;
    for (int i = 0; i < config.consumers; ++i) {
      workers.push_back(std::make_unique<processor::ProcessorWorker>(
          processor::ProcessorWorker::Parts{kafka_config, config.group, config.topics.validated, config.database_url,
                                            config.redis, config.dedup_ttl, config.inbox_retention_days, config.stage},
          dead_letters, metrics, *registry));
    }
    std::vector<std::shared_ptr<const std::atomic<int>>> assigned;
    for (const auto& worker : workers) assigned.push_back(worker->assigned_partitions());
    server.set_readiness(kafka::ready_when_assigned(std::move(assigned), "the validated topic"));
    log::info("processor ready",
              {{"topic", config.topics.validated}, {"group", config.group}, {"consumers", config.consumers}});
    run_together(workers, shutdown);
  } catch (const std::exception& e) {
    log::error("processor stopped on error", {{"error", e.what()}});
    return 1;
  }
  log::info("processor stopped");
  return 0;
}
