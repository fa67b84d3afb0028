#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "orderflow/kafka/client_config.h"
#include "orderflow/kafka/message.h"

namespace orderflow::kafka {

// Every message of `topic` from the start of each partition up to its end as of the call, read
// without joining a consumer group (so no offsets move). Throws KafkaError when the topic cannot
// be read within `timeout`.
std::vector<Message> read_topic_snapshot(const ClientConfig& config, const std::string& topic,
                                         std::chrono::milliseconds timeout);

}  // namespace orderflow::kafka
