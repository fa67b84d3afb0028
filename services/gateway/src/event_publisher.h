#pragma once

#include <string>

#include "orderflow/kafka/message.h"
#include "orderflow/kafka/producer.h"
#include "orderflow/metrics/metrics.h"

namespace orderflow::gateway {

struct PublishOutcome {
  bool acknowledged = false;  // Kafka has the event (acks=all)
  bool retriable = false;     // when not acknowledged: would the same request succeed later?
  std::string error;
};

// Puts one event on the raw topic and returns only once Kafka acknowledged it or gave up.
class EventPublisher {
 public:
  virtual ~EventPublisher() = default;
  virtual PublishOutcome publish(const std::string& key, const std::string& event_json,
                                 const kafka::Headers& headers) = 0;
};

class KafkaEventPublisher : public EventPublisher {
 public:
  KafkaEventPublisher(kafka::Producer& producer, std::string topic, metrics::Registry& registry);
  PublishOutcome publish(const std::string& key, const std::string& event_json,
                         const kafka::Headers& headers) override;

 private:
  kafka::Producer& producer_;
  std::string topic_;
  prometheus::Histogram& produce_latency_;
};

}  // namespace orderflow::gateway
