#include "orderflow/kafka/topics.h"

#include <chrono>
#include <librdkafka/rdkafka.h>
#include <memory>
#include <mutex>

#include "orderflow/common/logger.h"

#include "handles.h"

namespace orderflow::kafka {
namespace {

struct HandleDeleter {
  void operator()(rd_kafka_t* handle) const { rd_kafka_destroy(handle); }
};
struct AdminOptionsDeleter {
  void operator()(rd_kafka_AdminOptions_t* options) const { rd_kafka_AdminOptions_destroy(options); }
};
struct EventDeleter {
  void operator()(rd_kafka_event_t* event) const { rd_kafka_event_destroy(event); }
};

// The first error that no retry can fix: failed authentication (SASL) or TLS (an unknown CA, a
// name mismatch). librdkafka would retry it until the timeout; start-up stops at once with it.
struct ConfigurationError {
  std::mutex mutex;
  std::string message;
};

void on_error(rd_kafka_t*, int error, const char* reason, void* opaque) {
  if (error != RD_KAFKA_RESP_ERR__AUTHENTICATION && error != RD_KAFKA_RESP_ERR__SSL) return;
  auto* found = static_cast<ConfigurationError*>(opaque);
  std::lock_guard lock(found->mutex);
  if (found->message.empty()) found->message = reason;
}

}  // namespace

void ensure_topics(const ClientConfig& config, const std::vector<TopicSpec>& topics,
                   std::chrono::milliseconds timeout) {
  ClientConfig admin_config = config;
  admin_config.statistics = nullptr;  // the opaque below is the error collector
  detail::ConfPtr conf = detail::make_conf(admin_config);
  ConfigurationError configuration_error;
  rd_kafka_conf_set_opaque(conf.get(), &configuration_error);
  rd_kafka_conf_set_error_cb(conf.get(), &on_error);
  char error[512];
  std::unique_ptr<rd_kafka_t, HandleDeleter> admin(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), error, sizeof error));
  if (!admin) throw KafkaError(std::string("cannot create Kafka admin client: ") + error, false);
  conf.release();

  std::vector<rd_kafka_NewTopic_t*> requests;
  for (const auto& topic : topics) {
    requests.push_back(
        rd_kafka_NewTopic_new(topic.name.c_str(), topic.partitions, topic.replication_factor, error, sizeof error));
    if (!requests.back()) throw KafkaError("invalid topic " + topic.name + ": " + error, false);
    // Kafka deletes whole segments, so a record lives up to retention.ms + segment.ms (both 7 days
    // by default). Day-long segments keep what a replay can re-read within a day of the retention,
    // inside the processor's deduplication window (INBOX_RETENTION_DAYS, one day longer).
    rd_kafka_NewTopic_set_config(requests.back(), "segment.ms", "86400000");
  }
  std::unique_ptr<rd_kafka_AdminOptions_t, AdminOptionsDeleter> options(
      rd_kafka_AdminOptions_new(admin.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS));
  rd_kafka_AdminOptions_set_request_timeout(options.get(), static_cast<int>(timeout.count()), error, sizeof error);
  // Wait until the topics exist on the broker, not only until the controller accepted them.
  rd_kafka_AdminOptions_set_operation_timeout(options.get(), static_cast<int>(timeout.count()), error, sizeof error);

  detail::QueuePtr queue(rd_kafka_queue_new(admin.get()));
  rd_kafka_CreateTopics(admin.get(), requests.data(), requests.size(), options.get(), queue.get());
  rd_kafka_NewTopic_destroy_array(requests.data(), requests.size());

  // Polled in slices so an authentication or TLS failure ends start-up at once, with its reason.
  std::unique_ptr<rd_kafka_event_t, EventDeleter> event;
  const auto deadline = std::chrono::steady_clock::now() + timeout + std::chrono::seconds(1);
  while (!event && std::chrono::steady_clock::now() < deadline) {
    event.reset(rd_kafka_queue_poll(queue.get(), 200));
    rd_kafka_poll(admin.get(), 0);  // serves the error callback
    std::lock_guard lock(configuration_error.mutex);
    if (!configuration_error.message.empty()) {
      throw KafkaError("cannot connect to Kafka at " + config.brokers + ": " + configuration_error.message +
                           " (check KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_SSL_CA_LOCATION)",
                       false);
    }
  }
  if (!event) throw KafkaError("no answer from Kafka at " + config.brokers + " while creating topics", true);
  if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw KafkaError(std::string("creating topics failed: ") + rd_kafka_event_error_string(event.get()),
                     detail::is_retriable(rd_kafka_event_error(event.get())));
  }
  size_t count = 0;
  const rd_kafka_topic_result_t** results =
      rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()), &count);
  for (size_t i = 0; i < count; ++i) {
    const auto err = rd_kafka_topic_result_error(results[i]);
    const std::string name = rd_kafka_topic_result_name(results[i]);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      log::info("created topic", {{"topic", name}});
    } else if (err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
      const char* message = rd_kafka_topic_result_error_string(results[i]);
      throw KafkaError("creating topic " + name + " failed: " + (message ? message : rd_kafka_err2str(err)),
                       detail::is_retriable(err));
    }
  }
}

bool ensure_topics_when_available(const ClientConfig& config, const std::vector<TopicSpec>& topics,
                                  ShutdownSignal& shutdown) {
  while (!shutdown.requested()) {
    try {
      // Shorter attempts than a one-off request gets, so a shutdown during them is not held long.
      ensure_topics(config, topics, std::chrono::seconds(10));
      return true;
    } catch (const KafkaError& e) {
      if (!e.retriable()) throw;
      log::warn("Kafka not ready to create topics; retrying", {{"brokers", config.brokers}, {"error", e.what()}});
      shutdown.wait_for(std::chrono::seconds(1));
    }
  }
  return false;
}

}  // namespace orderflow::kafka
