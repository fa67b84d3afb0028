#include "orderflow/kafka/settings.h"

namespace orderflow::kafka {

std::vector<TopicSpec> PipelineTopics::specs() const {
  return {{raw, partitions, replication_factor},
          {validated, partitions, replication_factor},
          {dead_letters, partitions, replication_factor},
          {enriched, partitions, replication_factor}};
}

ClientConfig read_client_config(Settings& settings, const std::string& client_id) {
  ClientConfig config;
  config.brokers = settings.text("KAFKA_BROKERS", "127.0.0.1:9092", "Kafka bootstrap servers, comma separated");
  config.client_id = client_id;
  config.statistics_interval_ms =
      static_cast<int>(settings.integer("KAFKA_STATISTICS_INTERVAL_MS", 15000, 100, 3'600'000,
                                        "how often Kafka client statistics (lag, RTT) are refreshed"));
  const auto pass_through = [&](const char* property, const std::string& value) {
    if (!value.empty()) config.properties[property] = value;
  };
  pass_through("security.protocol", settings.choice("KAFKA_SECURITY_PROTOCOL", "plaintext",
                                                    {"plaintext", "ssl", "sasl_plaintext", "sasl_ssl"},
                                                    "how clients reach the brokers (librdkafka security.protocol)"));
  pass_through("sasl.mechanism", settings.text("KAFKA_SASL_MECHANISM", "",
                                               "SASL mechanism, e.g. SCRAM-SHA-512 (librdkafka sasl.mechanism)"));
  pass_through("sasl.username", settings.text("KAFKA_SASL_USERNAME", "", "SASL user (librdkafka sasl.username)"));
  pass_through("sasl.password", settings.secret("KAFKA_SASL_PASSWORD", "", "SASL password (librdkafka sasl.password)"));
  pass_through("ssl.ca.location",
               settings.text("KAFKA_SSL_CA_LOCATION", "", "PEM file of the CA that signed the brokers' certificates"));
  pass_through("ssl.certificate.location",
               settings.text("KAFKA_SSL_CERTIFICATE_LOCATION", "", "client certificate (PEM) for mutual TLS"));
  pass_through("ssl.key.location",
               settings.text("KAFKA_SSL_KEY_LOCATION", "", "client private key (PEM) for mutual TLS"));
  pass_through("ssl.key.password", settings.secret("KAFKA_SSL_KEY_PASSWORD", "", "password of the client private key"));
  return config;
}

PipelineTopics read_topics(Settings& settings) {
  PipelineTopics topics;
  topics.raw = settings.text("TOPIC_EVENTS_RAW", "orderflow.events.raw", "topic the gateway publishes to");
  topics.validated =
      settings.text("TOPIC_EVENTS_VALIDATED", "orderflow.events.validated", "topic of events that passed validation");
  topics.dead_letters =
      settings.text("TOPIC_DEAD_LETTERS", "orderflow.events.dlq", "dead letter topic: events that cannot be applied");
  topics.enriched = settings.text("TOPIC_EVENTS_ENRICHED", "orderflow.events.enriched",
                                  "topic of orders and payments joined with their user, products and risk assessment");
  topics.partitions = static_cast<int>(
      settings.integer("TOPIC_PARTITIONS", 6, 1, 10'000, "partitions of each topic when it is created"));
  topics.replication_factor = static_cast<int>(
      settings.integer("TOPIC_REPLICATION_FACTOR", 1, 1, 32, "replication factor of each topic when it is created"));
  topics.create = settings.flag("KAFKA_CREATE_TOPICS", true, "create missing topics at start-up");
  return topics;
}

}  // namespace orderflow::kafka
