#include "processor_worker.h"

namespace orderflow::processor {

ProcessorWorker::ProcessorWorker(const Parts& parts, dead_letters::DeadLetterSink& dead_letters,
                                 ProcessorMetrics& metrics, metrics::Registry& registry)
    : store_(parts.dsn, parts.inbox_retention_days),
      redis_client_(parts.redis),
      redis_cache_(redis_client_, parts.dedup_ttl),
      cache_(redis_cache_),
      processor_(store_, cache_, dead_letters, metrics),
      consumer_(parts.kafka, {parts.group, {parts.topic}}),
      stage_(consumer_, processor_, &dead_letters, parts.stage, registry) {}

void ProcessorWorker::run(ShutdownSignal& shutdown) {
  stage_.run(shutdown);
  consumer_.close();
}

}  // namespace orderflow::processor
