#include "kafka_probe.h"

#include <unistd.h>

namespace orderflow::testing {

namespace {
std::string unique_group() {
  static int counter = 0;
  return "probe-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
}
}  // namespace

TopicReader::TopicReader(const std::string& brokers, const std::string& topic)
    : consumer_({brokers, "test-probe", {}}, {unique_group(), {topic}, "earliest"}) {}

const std::vector<kafka::Message>& TopicReader::read(std::chrono::milliseconds wait) {
  for (auto& m : consumer_.poll_batch(10'000, wait)) messages_.push_back(std::move(m));
  return messages_;
}

std::string header(const kafka::Message& message, const std::string& name) {
  return kafka::header_value(message.headers, name);
}

}  // namespace orderflow::testing
