#pragma once

#include <librdkafka/rdkafka.h>
#include <memory>
#include <string>

#include "orderflow/kafka/client_config.h"
#include "orderflow/kafka/message.h"

// Owning handles for librdkafka's C objects, and the one place that turns a client configuration
// into an rd_kafka_conf_t.
namespace orderflow::kafka::detail {

struct ConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
struct TopicPartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const { rd_kafka_topic_partition_list_destroy(list); }
};
struct MessageDeleter {
  void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
};
struct QueueDeleter {
  void operator()(rd_kafka_queue_t* queue) const { rd_kafka_queue_destroy(queue); }
};

using ConfPtr = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;
using TopicPartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, TopicPartitionListDeleter>;
using MessagePtr = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;
using QueuePtr = std::unique_ptr<rd_kafka_queue_t, QueueDeleter>;

// Throws KafkaError naming the property when librdkafka rejects it.
void set(rd_kafka_conf_t* conf, const std::string& name, const std::string& value);

// bootstrap.servers, client.id, the pass-through properties, and logging through orderflow's log.
ConfPtr make_conf(const ClientConfig& config);

// Destroys a client's handle, then removes its statistics series (see StatisticsMetrics::forget):
// after rd_kafka_destroy no statistics callback can set them again.
void destroy(rd_kafka_t* handle, StatisticsMetrics* statistics);

bool is_retriable(rd_kafka_resp_err_t error);
// The broker refuses this message itself (too large, malformed); other messages would go through.
bool is_about_message(rd_kafka_resp_err_t error);

// A copy of a consumed message, headers included.
Message to_message(const rd_kafka_message_t* message);

}  // namespace orderflow::kafka::detail
