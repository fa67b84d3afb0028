#include "orderflow/kafka/statistics.h"

#include <nlohmann/json.hpp>

#include "orderflow/common/logger.h"

namespace orderflow::kafka {

StatisticsMetrics::StatisticsMetrics(metrics::Registry& registry)
    : lag_(prometheus::BuildGauge()
               .Name("kafka_consumer_lag")
               .Help("Messages behind the end of the partition")
               .Register(registry)),
      rtt_(prometheus::BuildGauge()
               .Name("kafka_broker_rtt_seconds")
               .Help("Average broker round-trip time")
               .Register(registry)),
      queue_messages_(prometheus::BuildGauge()
                          .Name("kafka_client_queue_messages")
                          .Help("Messages waiting in the Kafka client; for a producer, not yet acknowledged")
                          .Register(registry)),
      queue_bytes_(prometheus::BuildGauge()
                       .Name("kafka_client_queue_bytes")
                       .Help("Bytes waiting in the Kafka client")
                       .Register(registry)) {}

void StatisticsMetrics::on_statistics(const std::string& text) {
  // Called from librdkafka's C code, which an exception must not cross: a field of another type
  // than expected (a librdkafka version that changed one) leaves the gauges as they were.
  try {
    read_statistics(text);
  } catch (const std::exception& e) {
    log::warn("Kafka client statistics not read", {{"error", e.what()}});
  }
}

void StatisticsMetrics::read_statistics(const std::string& text) {
  // librdkafka's own statistics, which no client shapes: plain nlohmann (exact_json.h's rule).
  const auto stats = nlohmann::json::parse(text, nullptr, false);
  if (!stats.is_object()) return;
  const std::string client = stats.value("client_id", "");
  // A process runs several clients under one client.id (a producer per validator consumer, the
  // dead-letter producer, a consumer per worker): librdkafka's handle name ("<client.id>#producer-2")
  // tells them apart, so one client's figures do not overwrite another's.
  const std::string handle = stats.value("name", client);
  queue_messages_.Add({{"client", client}, {"handle", handle}}).Set(stats.value("msg_cnt", 0.0));
  queue_bytes_.Add({{"client", client}, {"handle", handle}}).Set(stats.value("msg_size", 0.0));
  static const nlohmann::json kNone = nlohmann::json::object();
  const auto& brokers = stats.contains("brokers") ? stats["brokers"] : kNone;
  for (const auto& [name, broker] : brokers.items()) {
    if (!broker.contains("rtt") || broker.value("nodeid", -1) < 0) continue;  // bootstrap entries
    rtt_.Add({{"client", client}, {"handle", handle}, {"broker", name}}).Set(broker["rtt"].value("avg", 0.0) / 1e6);
  }
  const auto& topics = stats.contains("topics") ? stats["topics"] : kNone;
  for (const auto& [topic, t] : topics.items()) {
    const auto& partitions = t.contains("partitions") ? t["partitions"] : kNone;
    for (const auto& [partition, p] : partitions.items()) {
      const auto lag = p.value("consumer_lag", -1.0);
      if (partition == "-1" || lag < 0) continue;  // the unassigned pseudo-partition, or unknown yet
      lag_.Add({{"client", client}, {"topic", topic}, {"partition", partition}}).Set(lag);
    }
  }
}

}  // namespace orderflow::kafka
