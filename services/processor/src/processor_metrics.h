#pragma once

#include "orderflow/metrics/metrics.h"

namespace orderflow::processor {

// The processor's own series, registered once and handed to the parts that update them (the
// stage around it counts retries, poison messages and consume latency: kafka::BatchStage).
struct ProcessorMetrics {
  explicit ProcessorMetrics(metrics::Registry& registry);

  prometheus::Family<prometheus::Counter>& events;  // events_processed_total{stage,event_type,status}
  prometheus::Counter& dedup_cache_hits;
  prometheus::Counter& dedup_database_hits;
  prometheus::Counter& dlq_entries;
  prometheus::Gauge& redis_degraded;
  prometheus::Histogram& batch_size;
  prometheus::Histogram& db_apply_latency;
};

}  // namespace orderflow::processor
