#pragma once

#include <map>
#include <stdexcept>
#include <string>

namespace orderflow::kafka {

class StatisticsMetrics;

// What every Kafka client needs. `properties` are extra librdkafka settings (security.protocol,
// sasl.*, ssl.*) passed through as they are; the settings orderflow's guarantees rest on (acks,
// idempotence, manual commits) are set by the clients themselves and cannot be overridden.
struct ClientConfig {
  std::string brokers;
  std::string client_id;
  std::map<std::string, std::string> properties;
  // Receives librdkafka's statistics every statistics_interval when set; must outlive the clients.
  StatisticsMetrics* statistics = nullptr;
  int statistics_interval_ms = 15000;
};

// `retriable` says whether the same call may succeed later (broker unreachable, queue full)
// as opposed to a request Kafka will never take (message too large, unknown topic).
class KafkaError : public std::runtime_error {
 public:
  // `about_message`: the broker refuses this message itself (too large, malformed), so another
  // message would go through; the error says nothing about the client or the cluster.
  KafkaError(const std::string& what, bool retriable, bool about_message = false)
      : std::runtime_error(what), retriable_(retriable), about_message_(about_message) {}
  bool retriable() const { return retriable_; }
  bool about_message() const { return about_message_; }

 private:
  bool retriable_;
  bool about_message_;
};

}  // namespace orderflow::kafka
