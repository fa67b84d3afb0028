#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "orderflow/kafka/consumer.h"
#include "orderflow/kafka/message.h"

namespace orderflow::testing {

// Reads a topic from the beginning, as an outside observer (its own consumer group).
class TopicReader {
 public:
  TopicReader(const std::string& brokers, const std::string& topic);
  // Everything read so far plus what arrives within `wait`.
  const std::vector<kafka::Message>& read(std::chrono::milliseconds wait = std::chrono::milliseconds(200));

 private:
  kafka::Consumer consumer_;
  std::vector<kafka::Message> messages_;
};

std::string header(const kafka::Message& message, const std::string& name);

}  // namespace orderflow::testing
