#pragma once

#include <string>
#include <vector>

#include "orderflow/dead_letters/sink.h"
#include "orderflow/kafka/producer.h"

namespace orderflow::kafka {

// The dead letter topic as a sink: each letter encoded by dead_letters::encode() (the original
// key, value and headers plus the dlq.* headers); send_all() returns once Kafka acknowledged every
// one and throws KafkaError otherwise.
class DeadLetterTopic : public dead_letters::DeadLetterSink {
 public:
  DeadLetterTopic(Producer& producer, std::string topic) : producer_(producer), topic_(std::move(topic)) {}
  void send_all(const std::vector<dead_letters::DeadLetter>& letters) override;

 private:
  Producer& producer_;
  std::string topic_;
};

}  // namespace orderflow::kafka
