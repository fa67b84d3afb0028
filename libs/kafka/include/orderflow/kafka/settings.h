#pragma once

#include <string>
#include <vector>

#include "orderflow/common/settings.h"
#include "orderflow/kafka/client_config.h"
#include "orderflow/kafka/topics.h"

namespace orderflow::kafka {

// The topics of the pipeline, named once for every service.
struct PipelineTopics {
  std::string raw;        // gateway -> validator
  std::string validated;  // validator -> processor
  std::string dead_letters;
  std::string enriched;  // risk -> downstream consumers (analytics, search)
  int partitions = 6;
  int replication_factor = 1;
  bool create = true;  // create missing topics at start-up

  std::vector<TopicSpec> specs() const;
};

// KAFKA_BROKERS and the optional security settings (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*,
// KAFKA_SSL_CA_LOCATION).
ClientConfig read_client_config(Settings& settings, const std::string& client_id);
PipelineTopics read_topics(Settings& settings);

}  // namespace orderflow::kafka
