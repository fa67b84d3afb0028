#include "risk_config.h"

#include "orderflow/http/settings.h"
#include "orderflow/redis/settings.h"
#include "orderflow/storage/settings.h"

namespace orderflow::risk {

RiskConfig RiskConfig::read(Settings& settings) {
  RiskConfig config;  // the defaults
  config.http = http::read_server_options(settings, config.http);
  config.kafka = kafka::read_client_config(settings, "orderflow-risk");
  config.topics = kafka::read_topics(settings);
  config.group = settings.text("CONSUMER_GROUP", config.group, "Kafka consumer group");
  config.database_url = storage::read_database_url(settings);
  config.redis = redis::read_redis_options(settings, "for the dlq:events copy of dead letters");
  config.stage.batch_max_messages = static_cast<std::size_t>(
      settings.integer("BATCH_MAX_EVENTS", static_cast<long long>(config.stage.batch_max_messages), 1, 100'000,
                       "most events assessed per batch"));
  config.stage.batch_max_wait =
      settings.millis("BATCH_MAX_WAIT_MS", config.stage.batch_max_wait, "longest wait to fill a batch");
  config.model_file =
      settings.text("RISK_MODEL_FILE", config.model_file, "a risk model file; empty for the one built in");
  config.reference_ttl =
      settings.millis("REFERENCE_CACHE_TTL_MS", config.reference_ttl, "how long a user or product is cached");
  config.review_queue_refresh = settings.millis("REVIEW_QUEUE_REFRESH_MS", config.review_queue_refresh,
                                                "how often the review-queue gauges are refreshed");
  return config;
}

}  // namespace orderflow::risk
