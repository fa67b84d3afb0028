#pragma once

#include <functional>
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

// Puts events on the raw topic. Nobody waits: `done` is called once Kafka acknowledged each event or
// gave up on it, with one outcome per event in order, on whichever thread heard the last outcome.
class EventPublisher {
 public:
  using Done = std::function<void(std::vector<PublishOutcome>)>;

  virtual ~EventPublisher() = default;
  virtual void publish_all(const std::vector<OutgoingEvent>& events, Done done) = 0;
};

class KafkaEventPublisher : public EventPublisher {
 public:
  KafkaEventPublisher(kafka::Producer& producer, std::string topic, metrics::Registry& registry);
  void publish_all(const std::vector<OutgoingEvent>& events, Done done) override;

 private:
  kafka::Producer& producer_;
  std::string topic_;
  prometheus::Histogram& produce_latency_;
};

}  // namespace orderflow::gateway
