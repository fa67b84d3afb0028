#include "orderflow/kafka/consumer.h"

#include <algorithm>
#include <librdkafka/rdkafka.h>
#include <map>
#include <utility>

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

// librdkafka serves a consumer's rebalance callback only inside that consumer's poll or close, on
// the calling thread; its one opaque pointer is taken by the statistics callback, so the consumer
// being polled is found here instead.
thread_local Consumer* polling_consumer = nullptr;

struct Polling {
  explicit Polling(Consumer* consumer) : previous(std::exchange(polling_consumer, consumer)) {}
  ~Polling() { polling_consumer = previous; }
  Consumer* previous;
};

void on_rebalance(rd_kafka_t* handle, rd_kafka_resp_err_t error, rd_kafka_topic_partition_list_t* partitions, void*) {
  if (polling_consumer && polling_consumer->handle() == handle) return polling_consumer->rebalance(error, partitions);
  // Not reached (see polling_consumer); what librdkafka would do without a callback.
  if (error == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    rd_kafka_assign(handle, partitions);
  } else {
    rd_kafka_assign(handle, nullptr);
  }
}

}  // namespace

Consumer::Consumer(const ClientConfig& config, const ConsumerOptions& options) : statistics_(config.statistics) {
  detail::ConfPtr conf = detail::make_conf(config);
  detail::set(conf.get(), "group.id", options.group_id);
  detail::set(conf.get(), "enable.auto.commit", "false");
  detail::set(conf.get(), "enable.auto.offset.store", "false");
  detail::set(conf.get(), "auto.offset.reset", options.offset_reset);
  detail::set(conf.get(), "isolation.level", "read_committed");
  detail::set(conf.get(), "session.timeout.ms", std::to_string(options.session_timeout.count()));
  detail::set(conf.get(), "heartbeat.interval.ms", "1000");
  // The eager protocol: a rebalance revokes every partition of the member before assigning any, so
  // the stage's release (BatchStage: wait for the started batches, commit what finished, drop the
  // rest) may drop whatever it holds. Under a cooperative assignor the member keeps some
  // partitions and goes on reading them from its position, and a dropped batch of theirs would
  // be skipped; none is used.
  detail::set(conf.get(), "partition.assignment.strategy", "range,roundrobin");
  rd_kafka_conf_set_offset_commit_cb(conf.get(), &on_offsets_committed);
  rd_kafka_conf_set_rebalance_cb(conf.get(), &on_rebalance);

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
  detail::destroy(handle_, statistics_);
}

std::vector<Message> Consumer::poll_batch(std::size_t max_messages, std::chrono::milliseconds max_wait) {
  // Rebalances happen inside the polls below; the count seen here lags them by one call at most.
  rd_kafka_topic_partition_list_t* assignment = nullptr;
  if (rd_kafka_assignment(handle_, &assignment) == RD_KAFKA_RESP_ERR_NO_ERROR && assignment) {
    assigned_->store(assignment->cnt);
    rd_kafka_topic_partition_list_destroy(assignment);
  }
  std::vector<Message> batch;
  const Polling polling(this);
  const auto deadline = std::chrono::steady_clock::now() + max_wait;
  while (batch.size() < max_messages) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    const int timeout = batch.empty() ? static_cast<int>(std::max<long>(left.count(), 0)) : 0;
    detail::MessagePtr message(rd_kafka_consumer_poll(handle_, timeout));
    if (!revoked_.empty()) {
      // A rebalance inside that poll took these partitions away: what was gathered of them is
      // their next owner's to read, from the offsets committed before they went.
      std::erase_if(batch, [&](const Message& m) {
        return std::find(revoked_.begin(), revoked_.end(), std::pair(m.topic, m.partition)) != revoked_.end();
      });
      revoked_.clear();
    }
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

void Consumer::rebalance(int error, rd_kafka_topic_partition_list_t* partitions) {
  if (error == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    if (const auto err = rd_kafka_assign(handle_, partitions); err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      log::warn("partition assignment failed", {{"error", rd_kafka_err2str(err)}});
    }
    return;
  }
  // Revoked: the handler finishes and commits what it can while the partitions are still this
  // member's. Lost (this member was dropped from the group, its session timed out): the
  // coordinator would refuse a commit of the past generation, and waiting for acknowledgements
  // would only delay rejoining, so the handler lets go of what it holds; the new owner reads it
  // again from the last committed offsets.
  const bool lost = rd_kafka_assignment_lost(handle_) == 1;
  for (int i = 0; i < partitions->cnt; ++i) {
    revoked_.emplace_back(partitions->elems[i].topic, partitions->elems[i].partition);
  }
  if (on_revoke_) {
    try {
      on_revoke_(lost);
    } catch (const std::exception& e) {  // never through librdkafka's C frames
      log::error("releasing revoked partitions failed", {{"error", e.what()}});
    }
  }
  rd_kafka_assign(handle_, nullptr);  // eager: every partition goes (see the constructor)
}

namespace {

detail::TopicPartitionListPtr next_offsets_of(const std::vector<Message>& done) {
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
  return offsets;
}

}  // namespace

void Consumer::commit(const std::vector<Message>& done) {
  if (done.empty()) return;
  const auto offsets = next_offsets_of(done);
  // Asynchronous: the next batch is fetched and handled while the coordinator writes this one's
  // offsets (a round trip per batch on the latency path otherwise). The effects are already
  // durable, so a commit that is lost or fails only means the messages come again, which
  // idempotent processing absorbs; commits are sent in order, and close() waits for those in flight.
  if (const auto err = rd_kafka_commit(handle_, offsets.get(), 1); err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw KafkaError(std::string("offset commit failed: ") + rd_kafka_err2str(err), detail::is_retriable(err));
  }
}

void Consumer::commit_and_wait(const std::vector<Message>& done) {
  if (done.empty()) return;
  const auto offsets = next_offsets_of(done);
  if (const auto err = rd_kafka_commit(handle_, offsets.get(), 0); err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw KafkaError(std::string("offset commit failed: ") + rd_kafka_err2str(err), detail::is_retriable(err));
  }
}

void Consumer::close() {
  if (closed_) return;
  closed_ = true;
  const Polling polling(this);  // close() revokes the partitions through the rebalance callback
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
