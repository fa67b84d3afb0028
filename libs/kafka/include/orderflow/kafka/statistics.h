#pragma once

#include <string>

#include "orderflow/metrics/metrics.h"

namespace orderflow::kafka {

// Turns librdkafka's periodic statistics (its JSON, every statistics.interval.ms) into the series
// an operator watches:
//   kafka_consumer_lag{client,topic,partition}  messages behind the partition's end
//   kafka_broker_rtt_seconds{client,broker}     average broker round-trip time
//   kafka_client_queue_messages{client}         messages waiting in the client (producer: unsent)
//   kafka_client_queue_bytes{client}
// Give it to ClientConfig::statistics; it must outlive the clients using it.
class StatisticsMetrics {
 public:
  explicit StatisticsMetrics(metrics::Registry& registry);
  void on_statistics(const std::string& json);

 private:
  prometheus::Family<prometheus::Gauge>& lag_;
  prometheus::Family<prometheus::Gauge>& rtt_;
  prometheus::Family<prometheus::Gauge>& queue_messages_;
  prometheus::Family<prometheus::Gauge>& queue_bytes_;
};

}  // namespace orderflow::kafka
