#pragma once

#include <memory>
#include <string>
#include <vector>

#include "orderflow/kafka/message.h"
#include "orderflow/kafka/pending.h"
#include "orderflow/kafka/producer.h"

namespace orderflow::kafka {

// Writes messages (key, value, headers) to a topic. The seam between a stage that forwards
// messages and the producer, so the stage is tested without a broker.
class MessageWriter {
 public:
  virtual ~MessageWriter() = default;
  // Returns once Kafka acknowledged every message; throws KafkaError (retriable, or about one
  // message) when any was not.
  virtual void write_all(const std::string& topic, const std::vector<Message>& messages) = 0;
  // Queues every message and returns without waiting; the result's wait() throws as write_all
  // would. The messages go out within the producer's linger.ms. This default writes them at once.
  virtual std::unique_ptr<Pending> start_all(const std::string& topic, const std::vector<Message>& messages);
};

class ProducerWriter : public MessageWriter {
 public:
  explicit ProducerWriter(Producer& producer) : producer_(producer) {}
  void write_all(const std::string& topic, const std::vector<Message>& messages) override;
  std::unique_ptr<Pending> start_all(const std::string& topic, const std::vector<Message>& messages) override;

 private:
  Producer& producer_;
};

}  // namespace orderflow::kafka
