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
#include "orderflow/redis/dead_letter_mirror.h"
#include "dead_letter_recorder.h"

#include <thread>

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

    storage::PostgresEventStore store(dsn);
    redis::RedisClient redis_client(redis_options);
    redis::ProcessedEventCache redis_cache(redis_client, dedup_ttl);
    processor::RedisDedupCache cache(redis_cache);
    kafka::Producer producer(kafka_config, {});
    kafka::KafkaDeadLetters kafka_dead_letters(producer, topics.dead_letters);
    redis::RedisClient dlq_redis_client(redis_options);  // the cache's connection is not shared
    redis::DeadLetterMirror dead_letters(kafka_dead_letters, dlq_redis_client, *registry);
    processor::BatchProcessor batch_processor(store, cache, dead_letters, metrics);

    kafka::Consumer dlq_consumer(kafka_config, {group + "-dead-letters", {topics.dead_letters}});
    processor::DeadLetterRecorder recorder(dsn);
    kafka::BatchStage recorder_stage(dlq_consumer, recorder, nullptr,
                                     {.name = "dead-letter-recorder", .batch_max_wait = std::chrono::milliseconds(200)},
                                     *registry);
    std::thread recorder_thread([&] {
      try {
        recorder_stage.run(shutdown);
      } catch (const std::exception& e) {
        log::error("dead-letter recorder stopped on error", {{"error", e.what()}});
        shutdown.request();
      }
    });
    // However the loop below ends, the recorder stops and is joined.
    struct StopRecorder {
      ShutdownSignal& shutdown;
      std::thread& thread;
      ~StopRecorder() {
        shutdown.request();
        thread.join();
      }
    } stop_recorder{shutdown, recorder_thread};

    kafka::Consumer consumer(kafka_config, {group, {topics.validated}});
    server.set_readiness([assigned = consumer.assigned_partitions()](std::string& detail) {
      if (*assigned > 0) return true;
      detail = "no partitions of the validated topic assigned yet";
      return false;
    });
    kafka::BatchStage stage(consumer, batch_processor, &dead_letters, options, *registry);
    log::info("processor ready", {{"topic", topics.validated}, {"group", group}});
    stage.run(shutdown);
    consumer.close();
  } catch (const std::exception& e) {
    log::error("processor stopped on error", {{"error", e.what()}});
    return 1;
  }
  log::info("processor stopped");
  return 0;
}
