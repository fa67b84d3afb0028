#include "processor_metrics.h"

namespace orderflow::processor {

ProcessorMetrics::ProcessorMetrics(metrics::Registry& registry)
    : events(prometheus::BuildCounter()
                 .Name("events_processed_total")
                 .Help("Events handled, by stage, type and outcome")
                 .Register(registry)),
      dedup_cache_hits(prometheus::BuildCounter()
                           .Name("dedup_hits_total")
                           .Help("Redelivered events skipped, by where the repeat was recognised")
                           .Register(registry)
                           .Add({{"source", "redis"}})),
      dedup_database_hits(prometheus::BuildCounter()
                              .Name("dedup_hits_total")
                              .Help("Redelivered events skipped, by where the repeat was recognised")
                              .Register(registry)
                              .Add({{"source", "database"}})),
      dlq_entries(prometheus::BuildCounter()
                      .Name("dlq_entries_total")
                      .Help("Messages written to the dead letter queue")
                      .Register(registry)
                      .Add({{"stage", "processor"}})),
      redis_degraded(prometheus::BuildGauge()
                         .Name("redis_degraded")
                         .Help("1 while Redis is unavailable and deduplication runs on the database alone")
                         .Register(registry)
                         .Add({})),
      batch_size(prometheus::BuildHistogram()
                     .Name("batch_size")
                     .Help("Events per processed batch")
                     .Register(registry)
                     .Add({{"stage", "processor"}}, metrics::size_buckets())),
      db_apply_latency(prometheus::BuildHistogram()
                           .Name("db_operation_duration_seconds")
                           .Help("Time of database operations, commit included")
                           .Register(registry)
                           .Add({{"operation", "apply_batch"}}, metrics::latency_buckets())) {}

}  // namespace orderflow::processor
