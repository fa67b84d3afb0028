#include "orderflow/kafka/topic_snapshot.h"

#include <librdkafka/rdkafka.h>
#include <map>
#include <memory>

#include "handles.h"

namespace orderflow::kafka {
namespace {

struct HandleDeleter {
  void operator()(rd_kafka_t* handle) const {
    rd_kafka_consumer_close(handle);
    rd_kafka_destroy(handle);
  }
};

}  // namespace

std::vector<Message> read_topic_snapshot(const ClientConfig& config, const std::string& topic,
                                         std::chrono::milliseconds timeout) {
  detail::ConfPtr conf = detail::make_conf(config);
  detail::set(conf.get(), "group.id", "orderflow-snapshot");  // required, never joined
  detail::set(conf.get(), "enable.auto.commit", "false");
  char error[512];
  std::unique_ptr<rd_kafka_t, HandleDeleter> consumer(rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), error, sizeof error));
  if (!consumer) throw KafkaError(std::string("cannot create Kafka consumer: ") + error, false);
  conf.release();
  const int ms = static_cast<int>(timeout.count());

  const rd_kafka_metadata_t* metadata = nullptr;
  rd_kafka_topic_t* handle = rd_kafka_topic_new(consumer.get(), topic.c_str(), nullptr);
  const auto err = rd_kafka_metadata(consumer.get(), 0, handle, &metadata, ms);
  rd_kafka_topic_destroy(handle);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR || metadata->topic_cnt != 1 || metadata->topics[0].err) {
    if (metadata) rd_kafka_metadata_destroy(metadata);
    throw KafkaError("cannot read topic " + topic + " at " + config.brokers, true);
  }
  const int partitions = metadata->topics[0].partition_cnt;
  rd_kafka_metadata_destroy(metadata);

  std::map<int, std::int64_t> end;  // partition -> offset to read up to
  detail::TopicPartitionListPtr assignment(rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p) {
    int64_t low = 0, high = 0;
    if (rd_kafka_query_watermark_offsets(consumer.get(), topic.c_str(), p, &low, &high, ms) !=
        RD_KAFKA_RESP_ERR_NO_ERROR) {
      throw KafkaError("cannot read the offsets of " + topic, true);
    }
    if (high > low) end[p] = high;
    rd_kafka_topic_partition_list_add(assignment.get(), topic.c_str(), p)->offset = low;
  }
  rd_kafka_assign(consumer.get(), assignment.get());

  std::vector<Message> messages;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!end.empty()) {
    if (std::chrono::steady_clock::now() > deadline) throw KafkaError("timed out reading " + topic, true);
    detail::MessagePtr m(rd_kafka_consumer_poll(consumer.get(), 200));
    if (!m || m->err) continue;
    const auto it = end.find(m->partition);
    if (it == end.end() || m->offset >= it->second) continue;
    messages.push_back(detail::to_message(m.get()));
    if (m->offset + 1 >= it->second) end.erase(it);
  }
  return messages;
}

}  // namespace orderflow::kafka
