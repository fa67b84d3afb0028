#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "orderflow/common/shutdown.h"
#include "orderflow/kafka/client_config.h"

namespace orderflow::kafka {

struct TopicSpec {
  std::string name;
  int partitions = 6;
  int replication_factor = 1;
};

// How long a one-off request to the cluster at start-up (create topics, read a topic's snapshot)
// may take before the service gives up with an error.
inline constexpr std::chrono::seconds kStartupRequestTimeout{30};

// Creates the topics that do not exist yet; existing ones are left as they are. Throws KafkaError
// when the broker cannot be reached in `timeout` or refuses to create one.
void ensure_topics(const ClientConfig& config, const std::vector<TopicSpec>& topics,
                   std::chrono::milliseconds timeout = kStartupRequestTimeout);

// ensure_topics() at a service's start-up: a cluster that is still electing its controller, or
// not reachable yet, is waited for (logged, tried again every second) rather than ending the
// process; what retrying cannot fix (credentials, a refused topic) still throws. False when
// shutdown was requested first.
bool ensure_topics_when_available(const ClientConfig& config, const std::vector<TopicSpec>& topics,
                                  ShutdownSignal& shutdown);

}  // namespace orderflow::kafka
