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

void KafkaEventPublisher::publish_all(const std::vector<OutgoingEvent>& events, Done done) {
  const auto started = std::chrono::steady_clock::now();
  auto callbacks = kafka::collect_deliveries(
      events.size(), [this, started, done = std::move(done)](std::vector<kafka::DeliveryReport> reports) {
        if (!reports.empty()) {
          produce_latency_.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        }
        std::vector<PublishOutcome> outcomes;
        outcomes.reserve(reports.size());
        for (auto& report : reports) {
          outcomes.push_back({report.delivered, report.retriable, std::move(report.error), report.about_message});
        }
        done(std::move(outcomes));
      });
  for (std::size_t i = 0; i < events.size(); ++i) {
    producer_.produce(topic_, events[i].key, events[i].json, events[i].headers, std::move(callbacks[i]));
  }
}

}  // namespace orderflow::gateway
