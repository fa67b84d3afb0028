#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "orderflow/common/shutdown.h"
#include "orderflow/kafka/batch_stage.h"
#include "orderflow/kafka/consumer.h"
#include "orderflow/redis/processed_event_cache.h"
#include "orderflow/redis/redis_client.h"
#include "orderflow/storage/postgres_event_store.h"

#include "batch_processor.h"

namespace orderflow::processor {

// One consumer of the processor's group with everything it does not share: its partitions, its
// database connection (so its own transactions), its Redis connection. A process runs several
// (PROCESSOR_CONSUMERS) so that one's database time overlaps another's decoding.
class ProcessorWorker {
 public:
  struct Parts {
    const kafka::ClientConfig& kafka;
    std::string group;
    std::string topic;
    std::string dsn;
    redis::RedisOptions redis;
    std::chrono::seconds dedup_ttl;
    int inbox_retention_days;
    kafka::StageOptions stage;
  };

  ProcessorWorker(const Parts& parts, dead_letters::DeadLetterSink& dead_letters, ProcessorMetrics& metrics,
                  metrics::Registry& registry);

  std::shared_ptr<const std::atomic<int>> assigned_partitions() const { return consumer_.assigned_partitions(); }
  // Until shutdown; then leaves the group. Throws what stops the stage.
  void run(ShutdownSignal& shutdown);

 private:
  storage::PostgresEventStore store_;
  redis::RedisClient redis_client_;
  redis::ProcessedEventCache redis_cache_;
  RedisDedupCache cache_;
  BatchProcessor processor_;
  kafka::Consumer consumer_;
  kafka::BatchStage stage_;
};

}  // namespace orderflow::processor
