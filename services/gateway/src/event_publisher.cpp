#include "event_publisher.h"

#include "orderflow/kafka/delivery_batch.h"

namespace orderflow::gateway {

KafkaEventPublisher::KafkaEventPublisher(kafka::Producer& producer, std::string topic, metrics::Registry& registry)
    : producer_(producer),
      topic_(std::move(topic)),
      produce_latency_(prometheus::BuildHistogram()
                           .Name("kafka_produce_duration_seconds")
                           .Help("Time from producing an event to Kafka's acknowledgement")
                           .Register(registry)
                           .Add({}, metrics::latency_buckets())) {}

std::vector<PublishOutcome> KafkaEventPublisher::publish_all(const std::vector<OutgoingEvent>& events) {
  if (events.empty()) return {};
  metrics::ScopedTimer timer(produce_latency_);
  kafka::DeliveryBatch batch(events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    producer_.produce(topic_, events[i].key, events[i].json, events[i].headers, batch.callback(i));
  }
  std::vector<PublishOutcome> outcomes;
  for (const auto& report : batch.wait())
    outcomes.push_back({report.delivered, report.retriable, report.error, report.about_message});
  return outcomes;
}

}  // namespace orderflow::gateway
