#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "orderflow/kafka/message.h"

namespace orderflow::dlq_tool {

// A message of the dead letter topic, read through its dlq.* headers.
struct DeadLetterView {
  kafka::Message message;
  std::string reason;
  std::string error;
  std::string stage;
  std::string original_topic;
  std::string original_position;  // "partition:offset"
  std::optional<std::string> event_id;

  static DeadLetterView of(const kafka::Message& message);
  std::string position() const;  // "partition:offset" on the dead letter topic
};

struct Filter {
  std::optional<std::string> reason;
  std::optional<std::string> event_id;
  bool matches(const DeadLetterView& letter) const;
};

std::map<std::string, std::size_t> count_by_reason(const std::vector<DeadLetterView>& letters);

// The message to put back on the input topic: the original key, value and headers, without the
// dlq.* ones, plus dlq.redriven.from naming the dead letter.
kafka::Headers redrive_headers(const DeadLetterView& letter);

}  // namespace orderflow::dlq_tool
