// orderflow processor: applies validated events to PostgreSQL exactly once.
#include "batch_processor.h"
#include "orderflow/common/logger.h"
#include "orderflow/common/shutdown.h"
#include "orderflow/http/server.h"
#include "orderflow/http/settings.h"
#include "orderflow/kafka/consumer.h"
#include "orderflow/kafka/settings.h"
#include "orderflow/kafka/statistics.h"
#include "orderflow/redis/settings.h"
#include "orderflow/storage/database_setup.h"
#include "orderflow/storage/settings.h"
#include "orderflow/storage/postgres_event_store.h"
#include "orderflow/dead_letters/sink.h"
#include "orderflow/kafka/dead_letter_topic.h"
#include "dead_letter_recorder_stage.h"
#include "processor_worker.h"

using namespace orderflow;

int main(int argc, char** argv) {
  ShutdownSignal shutdown;
  Settings settings("processor", argc, argv);
  init_logging(settings, "processor");
  const auto http_options = http::read_server_options(settings, 8083);
  auto kafka_config = kafka::read_client_config(settings, "orderflow-processor");
  const auto topics = kafka::read_topics(settings);
  const auto group = settings.text("CONSUMER_GROUP", "orderflow-processor", "Kafka consumer group");
  const auto dsn = storage::read_database_url(settings);
  const auto redis_options = redis::read_redis_options(settings, "for the deduplication cache and the dlq:events copy");
  const auto dedup_ttl = std::chrono::seconds(
      settings.integer("DEDUP_TTL_SECONDS", 7 * 24 * 3600, 60, 365 * 24 * 3600, "how long Redis remembers an event id"));
  kafka::StageOptions options{.name = "processor"};
  options.batch_max_messages = static_cast<std::size_t>(
      settings.integer("BATCH_MAX_EVENTS", 1000, 1, 100'000, "most events written per database transaction"));
  options.batch_max_wait = settings.millis("BATCH_MAX_WAIT_MS", std::chrono::milliseconds(50),
                                           "longest wait to fill a batch");
  // Several consumers of the group in one process, each with its own partitions, database
  // connection and transaction: while one waits on PostgreSQL, another decodes its next batch,
  // and PostgreSQL may work on two transactions at once. Events of one entity share a partition
  // (they are keyed by it), so the consumers' transactions touch disjoint rows.
  const auto consumers = static_cast<int>(settings.integer(
      "PROCESSOR_CONSUMERS", 2, 1, 64, "consumers (and database connections) in this process"));
  settings.finish();

  try {
    if (topics.create) kafka::ensure_topics(kafka_config, topics.specs(), std::chrono::seconds(30));
    if (!storage::migrate_when_available(dsn, shutdown)) return 0;

    auto registry = std::make_shared<metrics::Registry>();
    processor::ProcessorMetrics metrics(*registry);
    http::Server server(http_options, registry);
    server.start();
    kafka::StatisticsMetrics kafka_statistics(*registry);
    kafka_config.statistics = &kafka_statistics;

    kafka::Producer producer(kafka_config, {});
    kafka::DeadLetterTopic kafka_dead_letters(producer, topics.dead_letters);
    redis::RedisClient dlq_redis_client(redis_options);  // no cache connection is shared
    dead_letters::MirroredDeadLetters dead_letters(kafka_dead_letters, dlq_redis_client, *registry);

    // The dead letter topic -> the dead_letters table (GET /events/{id}); stopped and joined
    // however the loop below ends.
    processor::DeadLetterRecorderStage recorder({kafka_config, group, topics.dead_letters, dsn}, *registry, shutdown);

    std::vector<std::unique_ptr<processor::ProcessorWorker>> workers;
    for (int i = 0; i < consumers; ++i) {
      workers.push_back(std::make_unique<processor::ProcessorWorker>(
          processor::ProcessorWorker::Parts{kafka_config, group, topics.validated, dsn, redis_options, dedup_ttl, options},
          dead_letters, metrics, *registry));
    }
    std::vector<std::shared_ptr<const std::atomic<int>>> assigned;
    for (const auto& worker : workers) assigned.push_back(worker->assigned_partitions());
    server.set_readiness([assigned](std::string& detail) {
      for (const auto& partitions : assigned) {
        if (*partitions > 0) return true;
      }
      detail = "no partitions of the validated topic assigned yet";
      return false;
    });
    log::info("processor ready", {{"topic", topics.validated}, {"group", group}, {"consumers", consumers}});
    processor::run_all(workers, shutdown);
  } catch (const std::exception& e) {
    log::error("processor stopped on error", {{"error", e.what()}});
    return 1;
  }
  log::info("processor stopped");
  return 0;
}
