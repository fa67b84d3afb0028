#include "orderflow/kafka/settings.h"

namespace orderflow::kafka {

std::vector<TopicSpec> PipelineTopics::specs() const {
  return {{raw, partitions, replication_factor},
          {validated, partitions, replication_factor},
          {dead_letters, partitions, replication_factor}};
}

ClientConfig read_client_config(Settings& settings, const std::string& client_id) {
  ClientConfig config;
  config.brokers = settings.text("KAFKA_BROKERS", "127.0.0.1:9092", "Kafka bootstrap servers, comma separated");
  config.client_id = client_id;
  const std::pair<const char*, const char*> optional[] = {
      {"KAFKA_SECURITY_PROTOCOL", "security.protocol"}, {"KAFKA_SASL_MECHANISM", "sasl.mechanism"},
      {"KAFKA_SASL_USERNAME", "sasl.username"},         {"KAFKA_SASL_PASSWORD", "sasl.password"},
      {"KAFKA_SSL_CA_LOCATION", "ssl.ca.location"},
  };
  config.statistics_interval_ms =
      static_cast<int>(settings.integer("KAFKA_STATISTICS_INTERVAL_MS", 15000, 100, 3'600'000,
                                        "how often Kafka client statistics (lag, RTT) are refreshed"));
  for (const auto& [variable, property] : optional) {
    const std::string value = settings.text(variable, "", std::string("librdkafka ") + property);
    if (!value.empty()) config.properties[property] = value;
  }
  return config;
}

PipelineTopics read_topics(Settings& settings) {
  PipelineTopics topics;
  topics.raw = settings.text("TOPIC_EVENTS_RAW", "orderflow.events.raw", "topic the gateway publishes to");
  topics.validated =
      settings.text("TOPIC_EVENTS_VALIDATED", "orderflow.events.validated", "topic of events that passed validation");
  topics.dead_letters =
      settings.text("TOPIC_DEAD_LETTERS", "orderflow.events.dlq", "dead letter topic: events that cannot be applied");
  topics.partitions = static_cast<int>(
      settings.integer("TOPIC_PARTITIONS", 6, 1, 10'000, "partitions of each topic when it is created"));
  topics.replication_factor = static_cast<int>(
      settings.integer("TOPIC_REPLICATION_FACTOR", 1, 1, 32, "replication factor of each topic when it is created"));
  topics.create = settings.flag("KAFKA_CREATE_TOPICS", true, "create missing topics at start-up");
  return topics;
}

}  // namespace orderflow::kafka
