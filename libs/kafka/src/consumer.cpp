#include "orderflow/kafka/consumer.h"

#include <librdkafka/rdkafka.h>
#include <map>

#include "orderflow/common/logger.h"

#include "handles.h"

namespace orderflow::kafka {
namespace {

// Commits are asynchronous (see commit()); their outcome arrives here, on the polling thread.
void on_offsets_committed(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t*, void*) {
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR__NO_OFFSET) return;
  // After a rebalance the partitions may belong to another member, which will see these messages
  // again; idempotent processing makes that harmless.
  log::warn("offset commit failed; the messages will be redelivered", {{"error", rd_kafka_err2str(err)}});
}

}  // namespace

Consumer::Consumer(const ClientConfig& config, const ConsumerOptions& options) {
  detail::ConfPtr conf = detail::make_conf(config);
  detail::set(conf.get(), "group.id", options.group_id);
  detail::set(conf.get(), "enable.auto.commit", "false");
  detail::set(conf.get(), "enable.auto.offset.store", "false");
  detail::set(conf.get(), "auto.offset.reset", options.offset_reset);
  detail::set(conf.get(), "isolation.level", "read_committed");
  detail::set(conf.get(), "session.timeout.ms", std::to_string(options.session_timeout.count()));
  detail::set(conf.get(), "heartbeat.interval.ms", "1000");
  rd_kafka_conf_set_offset_commit_cb(conf.get(), &on_offsets_committed);

  char error[512];
  handle_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), error, sizeof error);
  if (!handle_) throw KafkaError(std::string("cannot create Kafka consumer: ") + error, false);
  conf.release();
  rd_kafka_poll_set_consumer(handle_);

  detail::TopicPartitionListPtr topics(rd_kafka_topic_partition_list_new(static_cast<int>(options.topics.size())));
  for (const auto& topic : options.topics) {
    rd_kafka_topic_partition_list_add(topics.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
  }
  if (const auto err = rd_kafka_subscribe(handle_, topics.get()); err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_destroy(handle_);
    throw KafkaError(std::string("cannot subscribe: ") + rd_kafka_err2str(err), false);
  }
}

Consumer::~Consumer() {
  close();
  rd_kafka_destroy(handle_);
}

std::vector<Message> Consumer::poll_batch(std::size_t max_messages, std::chrono::milliseconds max_wait) {
  // Rebalances happen inside the polls below; the count seen here lags them by one call at most.
  rd_kafka_topic_partition_list_t* assignment = nullptr;
  if (rd_kafka_assignment(handle_, &assignment) == RD_KAFKA_RESP_ERR_NO_ERROR && assignment) {
    assigned_->store(assignment->cnt);
    rd_kafka_topic_partition_list_destroy(assignment);
  }
  std::vector<Message> batch;
  const auto deadline = std::chrono::steady_clock::now() + max_wait;
  while (batch.size() < max_messages) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    const int timeout = batch.empty() ? static_cast<int>(std::max<long>(left.count(), 0)) : 0;
    detail::MessagePtr message(rd_kafka_consumer_poll(handle_, timeout));
    if (!message) {
      if (!batch.empty() || left.count() <= 0) break;
      continue;
    }
    if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) continue;
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      const std::string what = rd_kafka_message_errstr(message.get());
      if (message->err == RD_KAFKA_RESP_ERR__FATAL) throw KafkaError("fatal consumer error: " + what, false);
      log::warn("consumer error", {{"error", what}});
      continue;
    }
    batch.push_back(detail::to_message(message.get()));
  }
  return batch;
}

void Consumer::commit(const std::vector<Message>& done) {
  if (done.empty()) return;
  std::map<std::pair<std::string, std::int32_t>, std::int64_t> next_offsets;
  for (const auto& m : done) {
    auto& next = next_offsets[{m.topic, m.partition}];
    next = std::max(next, m.offset + 1);
  }
  detail::TopicPartitionListPtr offsets(rd_kafka_topic_partition_list_new(static_cast<int>(next_offsets.size())));
  for (const auto& [topic_partition, offset] : next_offsets) {
    rd_kafka_topic_partition_list_add(offsets.get(), topic_partition.first.c_str(), topic_partition.second)->offset =
        offset;
  }
  // Asynchronous: the next batch is fetched and handled while the coordinator writes this one's
  // offsets (a round trip per batch on the latency path otherwise). The effects are already
  // durable, so a commit that is lost or fails only means the messages come again, which
  // idempotent processing absorbs; commits are sent in order, and close() waits for those in flight.
  if (const auto err = rd_kafka_commit(handle_, offsets.get(), 1); err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw KafkaError(std::string("offset commit failed: ") + rd_kafka_err2str(err), detail::is_retriable(err));
  }
}

void Consumer::close() {
  if (closed_) return;
  closed_ = true;
  if (const auto err = rd_kafka_consumer_close(handle_); err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    log::warn("consumer close failed", {{"error", rd_kafka_err2str(err)}});
  }
}

std::function<bool(std::string& detail)> ready_when_assigned(
    std::vector<std::shared_ptr<const std::atomic<int>>> assigned, std::string topic) {
  return [assigned = std::move(assigned), topic = std::move(topic)](std::string& detail) {
    for (const auto& partitions : assigned) {
      if (*partitions > 0) return true;
    }
    detail = "no partitions of " + topic + " assigned yet";
    return false;
  };
}

}  // namespace orderflow::kafka
