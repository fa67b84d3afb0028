#pragma once

#include <chrono>
#include <string>

#include "orderflow/common/settings.h"
#include "orderflow/http/server.h"
#include "orderflow/kafka/batch_stage.h"
#include "orderflow/kafka/client_config.h"
#include "orderflow/kafka/settings.h"
#include "orderflow/redis/redis_client.h"

namespace orderflow::processor {

// Everything the processor is configured with. The member initializers are the defaults, the only
// place they are written; read() takes each from its setting (--help lists them).
struct ProcessorConfig {
  http::ServerOptions http = http_defaults();
  kafka::ClientConfig kafka;
  kafka::PipelineTopics topics;
  std::string group = "orderflow-processor";
  std::string database_url;
  redis::RedisOptions redis;
  std::chrono::seconds dedup_ttl = std::chrono::hours(24 * 7);
  // The inbox's deduplication window (migration 009). One day more than the topics' retention
  // (Kafka's default, 7 days), so that a replay from any offset still on a topic is inside it.
  int inbox_retention_days = 8;
  kafka::StageOptions stage{.name = "processor", .batch_max_messages = 1000};
  // Several consumers of the group in one process, each with its own partitions, database
  // connection and transaction: while one waits on PostgreSQL, another decodes its next batch,
  // and PostgreSQL may work on two transactions at once. Events of one entity share a partition
  // (they are keyed by it), so the consumers' transactions touch disjoint rows.
  int consumers = 2;

  static ProcessorConfig read(Settings& settings);

 private:
  static http::ServerOptions http_defaults();
};

}  // namespace orderflow::processor
