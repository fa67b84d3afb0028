#pragma once

#include <string>
#include <vector>

#include "orderflow/kafka/message.h"
#include "orderflow/kafka/producer.h"

namespace orderflow::kafka {

// Writes messages (key, value, headers) to a topic and returns once Kafka acknowledged every one;
// throws KafkaError (retriable, or about one message) when any was not. The seam between a stage
// that forwards messages and the producer, so the stage is tested without a broker.
class MessageWriter {
 public:
  virtual ~MessageWriter() = default;
  virtual void write_all(const std::string& topic, const std::vector<Message>& messages) = 0;
};

class ProducerWriter : public MessageWriter {
 public:
  explicit ProducerWriter(Producer& producer) : producer_(producer) {}
  void write_all(const std::string& topic, const std::vector<Message>& messages) override;

 private:
  Producer& producer_;
};

}  // namespace orderflow::kafka
