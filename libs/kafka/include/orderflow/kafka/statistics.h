#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

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
//
// A series lives as long as what it describes: a partition's lag while a client of this process
// reads it (after a rebalance moved it elsewhere, the other replica reports it), a client's queue
// and round-trip times until the client is destroyed (forget()). Left behind, the last values would
// read as current, and a client recreated after each failure would add series without end.
class StatisticsMetrics {
 public:
  explicit StatisticsMetrics(metrics::Registry& registry);
  // Never throws: it is called from librdkafka's C code.
  void on_statistics(const std::string& json);
  // Removes the series of a destroyed client, named by its handle (rd_kafka_name).
  void forget(const std::string& handle) noexcept;

 private:
  using Partition = std::tuple<std::string, std::string, std::string>;  // client, topic, partition
  // The gauges one client (handle) last set.
  struct ClientSeries {
    std::vector<prometheus::Gauge*> queue;          // messages, bytes
    std::map<std::string, prometheus::Gauge*> rtt;  // by broker
    std::set<Partition> lag;                        // the partitions it reported a lag for
  };

  void read_statistics(const std::string& json);
  // Drops the lag gauges of `handle`'s partitions not in `kept`, unless another client reports them now.
  void drop_lag(const std::string& handle, const ClientSeries& series, const std::set<Partition>& kept);

  std::mutex mutex_;                             // librdkafka calls from each client's own thread
  std::map<std::string, ClientSeries> clients_;  // by handle
  std::map<Partition, std::pair<std::string, prometheus::Gauge*>> lag_owners_;  // handle, gauge
  prometheus::Family<prometheus::Gauge>& lag_;
  prometheus::Family<prometheus::Gauge>& rtt_;
  prometheus::Family<prometheus::Gauge>& queue_messages_;
  prometheus::Family<prometheus::Gauge>& queue_bytes_;
};

}  // namespace orderflow::kafka
