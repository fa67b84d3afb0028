#include "processor_config.h"

#include "orderflow/http/settings.h"
#include "orderflow/redis/settings.h"
#include "orderflow/storage/settings.h"

namespace orderflow::processor {

http::ServerOptions ProcessorConfig::http_defaults() {
  return http::server_defaults(8083);
}

ProcessorConfig ProcessorConfig::read(Settings& settings) {
  ProcessorConfig config;  // the defaults
  config.http = http::read_server_options(settings, config.http);
  config.kafka = kafka::read_client_config(settings, "orderflow-processor");
  config.topics = kafka::read_topics(settings);
  config.group = settings.text("CONSUMER_GROUP", config.group, "Kafka consumer group");
  config.database_url = storage::read_database_url(settings);
  config.redis = redis::read_redis_options(settings, "for the deduplication cache and the dlq:events copy");
  config.dedup_ttl = std::chrono::seconds(settings.integer("DEDUP_TTL_SECONDS", config.dedup_ttl.count(), 60,
                                                           365 * 24 * 3600, "how long Redis remembers an event id"));
  config.inbox_retention_days =
      static_cast<int>(settings.integer("INBOX_RETENTION_DAYS", config.inbox_retention_days, 1, 90,
                                        "days the inbox remembers an applied event id (the deduplication window)"));
  config.stage.batch_max_messages = static_cast<std::size_t>(
      settings.integer("BATCH_MAX_EVENTS", static_cast<long long>(config.stage.batch_max_messages), 1, 100'000,
                       "most events written per database transaction"));
  config.stage.batch_max_wait =
      settings.millis("BATCH_MAX_WAIT_MS", config.stage.batch_max_wait, "longest wait to fill a batch");
  config.consumers = static_cast<int>(settings.integer("PROCESSOR_CONSUMERS", config.consumers, 1, 64,
                                                       "consumers (and database connections) in this process"));
  return config;
}

}  // namespace orderflow::processor
