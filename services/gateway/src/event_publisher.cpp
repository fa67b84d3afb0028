#include "event_publisher.h"

namespace orderflow::gateway {

KafkaEventPublisher::KafkaEventPublisher(kafka::Producer& producer, std::string topic, metrics::Registry& registry)
    : producer_(producer),
      topic_(std::move(topic)),
      produce_latency_(prometheus::BuildHistogram()
                           .Name("kafka_produce_duration_seconds")
                           .Help("Time from producing an event to Kafka's acknowledgement")
                           .Register(registry)
                           .Add({}, metrics::latency_buckets())) {}

PublishOutcome KafkaEventPublisher::publish(const std::string& key, const std::string& event_json,
                                            const kafka::Headers& headers) {
  metrics::ScopedTimer timer(produce_latency_);
  const kafka::DeliveryReport report = producer_.produce_and_wait(topic_, key, event_json, headers);
  return {report.delivered, report.retriable, report.error};
}

}  // namespace orderflow::gateway
