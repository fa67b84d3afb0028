#pragma once

#include <string>
#include <vector>

#include "orderflow/kafka/message.h"
#include "orderflow/kafka/producer.h"
#include "orderflow/metrics/metrics.h"

namespace orderflow::gateway {

struct PublishOutcome {
  bool acknowledged = false;  // Kafka has the event (acks=all)
  bool retriable = false;     // when not acknowledged: would the same request succeed later?
  std::string error;
  bool too_large = false;  // when not acknowledged: Kafka refuses the event itself (its size)
};

struct OutgoingEvent {
  std::string key;
  std::string json;  // exact JSON text
  kafka::Headers headers;
};

// Puts events on the raw topic and returns only once Kafka acknowledged each or gave up on it.
class EventPublisher {
 public:
  virtual ~EventPublisher() = default;
  // One outcome per event, in order.
  virtual std::vector<PublishOutcome> publish_all(const std::vector<OutgoingEvent>& events) = 0;
};

class KafkaEventPublisher : public EventPublisher {
 public:
  KafkaEventPublisher(kafka::Producer& producer, std::string topic, metrics::Registry& registry);
  std::vector<PublishOutcome> publish_all(const std::vector<OutgoingEvent>& events) override;

 private:
  kafka::Producer& producer_;
  std::string topic_;
  prometheus::Histogram& produce_latency_;
};

}  // namespace orderflow::gateway
