#pragma once

#include <string>

#include "orderflow/metrics/metrics.h"

namespace orderflow::kafka {

// Turns librdkafka's periodic statistics (its JSON, every statistics.interval.ms) into the series
// an operator watches:
//   kafka_consumer_lag{client,topic,partition}  messages behind the partition's end
//   kafka_broker_rtt_seconds{client,handle,broker}  average broker round-trip time
//   kafka_client_queue_messages{client,handle}      messages waiting in the client (producer: unsent)
//   kafka_client_queue_bytes{client,handle}
// (`handle`: librdkafka's name for one client of the process, "orderflow-validator#producer-2").
// Give it to ClientConfig::statistics; it must outlive the clients using it.
class StatisticsMetrics {
 public:
  explicit StatisticsMetrics(metrics::Registry& registry);
  // Never throws: it is called from librdkafka's C code.
  void on_statistics(const std::string& json);

 private:
  void read_statistics(const std::string& json);
  prometheus::Family<prometheus::Gauge>& lag_;
  prometheus::Family<prometheus::Gauge>& rtt_;
  prometheus::Family<prometheus::Gauge>& queue_messages_;
  prometheus::Family<prometheus::Gauge>& queue_bytes_;
};

}  // namespace orderflow::kafka
