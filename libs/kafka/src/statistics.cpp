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

void StatisticsMetrics::forget(const std::string& handle) noexcept {
  std::lock_guard lock(mutex_);
  const auto it = clients_.find(handle);
  if (it == clients_.end()) return;
  if (it->second.queue.size() == 2) {  // else a first report failed halfway: nothing to remove
    queue_messages_.Remove(it->second.queue[0]);
    queue_bytes_.Remove(it->second.queue[1]);
  }
  for (const auto& [broker, gauge] : it->second.rtt) rtt_.Remove(gauge);
  drop_lag(handle, it->second, {});
  clients_.erase(it);
}

void StatisticsMetrics::drop_lag(const std::string& handle, const ClientSeries& series,
                                 const std::set<Partition>& kept) {
  for (const auto& partition : series.lag) {
    if (kept.count(partition)) continue;
    const auto owner = lag_owners_.find(partition);
    if (owner == lag_owners_.end() || owner->second.first != handle) continue;  // another client's now
    lag_.Remove(owner->second.second);
    lag_owners_.erase(owner);
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
  // Read whole before any gauge changes: a field of an unexpected type throws here, not halfway.
  const double messages = stats.value("msg_cnt", 0.0);
  const double bytes = stats.value("msg_size", 0.0);
  std::map<std::string, double> rtts;
  static const nlohmann::json kNone = nlohmann::json::object();
  const auto& brokers = stats.contains("brokers") ? stats["brokers"] : kNone;
  for (const auto& [name, broker] : brokers.items()) {
    if (!broker.contains("rtt") || broker.value("nodeid", -1) < 0) continue;  // bootstrap entries
    rtts[name] = broker["rtt"].value("avg", 0.0) / 1e6;
  }
  std::map<Partition, double> lags;
  const auto& topics = stats.contains("topics") ? stats["topics"] : kNone;
  for (const auto& [topic, t] : topics.items()) {
    const auto& partitions = t.contains("partitions") ? t["partitions"] : kNone;
    for (const auto& [partition, p] : partitions.items()) {
      const auto lag = p.value("consumer_lag", -1.0);
      // The unassigned pseudo-partition, a lag not known yet, or a partition this client no longer
      // reads: librdkafka keeps listing a revoked partition, with its last lag, as not desired.
      if (partition == "-1" || lag < 0 || !p.value("desired", true)) continue;
      lags[{client, topic, partition}] = lag;
    }
  }

  std::lock_guard lock(mutex_);
  auto& series = clients_[handle];
  if (series.queue.empty()) {
    series.queue = {&queue_messages_.Add({{"client", client}, {"handle", handle}}),
                    &queue_bytes_.Add({{"client", client}, {"handle", handle}})};
  }
  series.queue[0]->Set(messages);
  series.queue[1]->Set(bytes);
  for (const auto& [broker, seconds] : rtts) {
    auto& gauge = series.rtt[broker];
    if (!gauge) gauge = &rtt_.Add({{"client", client}, {"handle", handle}, {"broker", broker}});
    gauge->Set(seconds);
  }
  std::set<Partition> reported;
  for (const auto& [partition, lag] : lags) {
    const auto& [of_client, topic, number] = partition;
    auto& gauge = lag_.Add({{"client", of_client}, {"topic", topic}, {"partition", number}});
    gauge.Set(lag);
    lag_owners_[partition] = {handle, &gauge};
    reported.insert(partition);
  }
  drop_lag(handle, series, reported);
  series.lag = std::move(reported);
}

}  // namespace orderflow::kafka
