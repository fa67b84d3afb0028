// orderflow validator: checks raw events and forwards the valid ones; dead-letters the rest.
#include "orderflow/common/logger.h"
#include "orderflow/common/shutdown.h"
#include "orderflow/http/server.h"
#include "orderflow/http/settings.h"
#include "orderflow/kafka/consumer.h"
#include "orderflow/kafka/settings.h"
#include "orderflow/kafka/statistics.h"
#include "orderflow/events/contract.h"
#include "orderflow/dead_letters/sink.h"
#include "orderflow/kafka/dead_letter_topic.h"
#include "orderflow/redis/settings.h"
#include "validator_handler.h"

using namespace orderflow;

int main(int argc, char** argv) {
  ShutdownSignal shutdown;
  Settings settings("validator", argc, argv);
  init_logging(settings, "validator");
  const auto http_options = http::read_server_options(settings, 8082);
  auto kafka_config = kafka::read_client_config(settings, "orderflow-validator");
  const auto topics = kafka::read_topics(settings);
  const auto group = settings.text("CONSUMER_GROUP", "orderflow-validator", "Kafka consumer group");
  validator::ValidatorOptions options;
  options.validated_topic = topics.validated;
  kafka::StageOptions stage_options{.name = "validator"};
  stage_options.batch_max_messages = static_cast<std::size_t>(
      settings.integer("BATCH_MAX_EVENTS", 500, 1, 100'000, "most events validated per batch"));
  stage_options.batch_max_wait = settings.millis("BATCH_MAX_WAIT_MS", std::chrono::milliseconds(50),
                                           "longest wait to fill a batch");
  options.max_future_skew = std::chrono::seconds(settings.integer(
      "MAX_FUTURE_SKEW_SECONDS", 300, 0, 86'400, "how far in the future an event's timestamps may be"));
  const auto redis_options = redis::read_redis_options(settings, "for the dlq:events copy of dead letters");
  settings.finish();

  try {
    events::Contract::instance();  // load and check the schemas before consuming
    if (topics.create) kafka::ensure_topics(kafka_config, topics.specs(), std::chrono::seconds(30));
    auto registry = std::make_shared<metrics::Registry>();
    http::Server server(http_options, registry);
    server.start();
    kafka::StatisticsMetrics kafka_statistics(*registry);
    kafka_config.statistics = &kafka_statistics;

    kafka::Producer producer(kafka_config, {});
    kafka::DeadLetterTopic kafka_dead_letters(producer, topics.dead_letters);
    redis::RedisClient redis_client(redis_options);
    dead_letters::MirroredDeadLetters dead_letters(kafka_dead_letters, redis_client, *registry);
    kafka::Consumer consumer(kafka_config, {group, {topics.raw}});
    server.set_readiness([assigned = consumer.assigned_partitions()](std::string& detail) {
      if (*assigned > 0) return true;
      detail = "no partitions of the raw topic assigned yet";
      return false;
    });
    kafka::ProducerWriter writer(producer);
    validator::ValidatorHandler handler(writer, dead_letters, options, *registry);
    kafka::BatchStage stage(consumer, handler, &dead_letters, stage_options, *registry);
    log::info("validator ready", {{"topic", topics.raw}, {"group", group}});
    stage.run(shutdown);
    consumer.close();
  } catch (const std::exception& e) {
    log::error("validator stopped on error", {{"error", e.what()}});
    return 1;
  }
  log::info("validator stopped");
  return 0;
}
