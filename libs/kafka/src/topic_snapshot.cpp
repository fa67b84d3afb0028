#include "orderflow/kafka/topic_snapshot.h"

#include <algorithm>
#include <librdkafka/rdkafka.h>
#include <map>
#include <memory>
#include <thread>

#include "handles.h"

namespace orderflow::kafka {
namespace {

struct HandleDeleter {
  void operator()(rd_kafka_t* handle) const {
    rd_kafka_consumer_close(handle);
    rd_kafka_destroy(handle);
  }
};

// Each metadata or offsets request waits at most this long, so a slow first answer leaves time to
// ask again before the caller's deadline.
constexpr std::int64_t kAttemptMs = 2000;
constexpr auto kRetryPause = std::chrono::milliseconds(100);

// The topic's partition count, or 0 with `cause` set when the brokers cannot say yet.
int partition_count(rd_kafka_t* consumer, const std::string& topic, int timeout_ms, std::string& cause) {
  const rd_kafka_metadata_t* metadata = nullptr;
  rd_kafka_topic_t* handle = rd_kafka_topic_new(consumer, topic.c_str(), nullptr);
  const auto err = rd_kafka_metadata(consumer, 0, handle, &metadata, timeout_ms);
  rd_kafka_topic_destroy(handle);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    cause = rd_kafka_err2str(err);
    return 0;
  }
  int partitions = 0;
  if (metadata->topic_cnt != 1) {
    cause = "no metadata for the topic";
  } else if (metadata->topics[0].err) {
    cause = rd_kafka_err2str(metadata->topics[0].err);
  } else {
    partitions = metadata->topics[0].partition_cnt;
    if (partitions == 0) cause = "the topic has no partitions yet";
  }
  rd_kafka_metadata_destroy(metadata);
  return partitions;
}

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
  // One deadline for the whole read. Right after a topic is created (or a broker restarts) its
  // metadata and leaders take a moment to settle, so both lookups are retried until then and the
  // error names the last cause.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const auto remaining_ms = [&] {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::clamp<std::int64_t>(left.count(), 1, kAttemptMs));
  };
  const auto expired = [&] { return std::chrono::steady_clock::now() >= deadline; };

  int partitions = 0;
  for (std::string cause;;) {
    partitions = partition_count(consumer.get(), topic, remaining_ms(), cause);
    if (partitions > 0) break;
    if (expired()) throw KafkaError("cannot read topic " + topic + " at " + config.brokers + ": " + cause, true);
    std::this_thread::sleep_for(kRetryPause);
  }

  std::map<int, std::int64_t> end;  // partition -> offset to read up to
  detail::TopicPartitionListPtr assignment(rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p) {
    int64_t low = 0, high = 0;
    for (;;) {
      const auto err = rd_kafka_query_watermark_offsets(consumer.get(), topic.c_str(), p, &low, &high, remaining_ms());
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
      if (expired()) {
        throw KafkaError(
            "cannot read the offsets of " + topic + " [" + std::to_string(p) + "]: " + rd_kafka_err2str(err), true);
      }
      std::this_thread::sleep_for(kRetryPause);
    }
    if (high > low) end[p] = high;
    rd_kafka_topic_partition_list_add(assignment.get(), topic.c_str(), p)->offset = low;
  }
  rd_kafka_assign(consumer.get(), assignment.get());

  std::vector<Message> messages;
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
