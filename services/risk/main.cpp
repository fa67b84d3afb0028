// orderflow risk: joins each validated order and payment with what orderflow knows of its user,
// products and order, scores it, and publishes the assessment (RiskAssessed) and the enriched event.
#include "orderflow/common/logger.h"
#include "orderflow/common/shutdown.h"
#include "orderflow/dead_letters/sink.h"
#include "orderflow/http/server.h"
#include "orderflow/kafka/consumer.h"
#include "orderflow/kafka/dead_letter_topic.h"
#include "orderflow/kafka/statistics.h"
#include "orderflow/kafka/topics.h"
#include "orderflow/storage/database_setup.h"

#include "cached_risk_facts.h"
#include "review_queue_gauges.h"
#include "risk_config.h"
#include "risk_handler.h"
#include "stored_risk_facts.h"

using namespace orderflow;

int main(int argc, char** argv) {
  ShutdownSignal shutdown;
  Settings settings("risk", argc, argv);
  init_logging(settings, "risk");
  const auto config = risk::RiskConfig::read(settings);
  settings.finish();

  try {
    const auto model = config.model_file.empty() ? risk::RiskModel::built_in(risk::kBuiltInModel)
                                                 : risk::RiskModel::load(config.model_file);
    if (config.topics.create && !kafka::ensure_topics_when_available(config.kafka, config.topics.specs(), shutdown)) {
      return 0;
    }
    if (!storage::migrate_when_available(config.database_url, shutdown)) return 0;

    auto registry = std::make_shared<metrics::Registry>();
    http::Server server(config.http, registry);
    server.start();
    kafka::StatisticsMetrics kafka_statistics(*registry);
    auto kafka_config = config.kafka;
    kafka_config.statistics = &kafka_statistics;

    kafka::Producer producer(kafka_config, {});
    kafka::DeadLetterTopic dead_letter_topic(producer, config.topics.dead_letters);
    redis::check_configuration(config.redis);
    redis::RedisClient redis_client(config.redis);
    dead_letters::MirroredDeadLetters dead_letters(dead_letter_topic, redis_client, *registry);
    kafka::Consumer consumer(kafka_config, {config.group, {config.topics.validated}});
    server.set_readiness(kafka::ready_when_assigned({consumer.assigned_partitions()}, "the validated topic"));

    risk::StoredRiskFacts store(config.database_url);
    risk::CachedRiskFacts facts(store, config.reference_ttl);
    kafka::ProducerWriter writer(producer);
    risk::RiskHandler handler(facts, model, writer, {config.topics.raw, config.topics.enriched}, *registry);
    risk::ReviewQueueGauges review_queue(config.database_url, config.review_queue_refresh, *registry);
    kafka::BatchStage stage(consumer, handler, &dead_letters, config.stage, *registry);
    log::info("risk ready", {{"topic", config.topics.validated},
                             {"group", config.group},
                             {"model", model.version()},
                             {"enriched", config.topics.enriched}});
    stage.run(shutdown);
    consumer.close();
  } catch (const std::exception& e) {
    log::error("risk stopped on error", {{"error", e.what()}});
    return 1;
  }
  log::info("risk stopped");
  return 0;
}
