#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "orderflow/kafka/batch_stage.h"
#include "orderflow/kafka/client_config.h"
#include "orderflow/kafka/message.h"

typedef struct rd_kafka_s rd_kafka_t;
typedef struct rd_kafka_topic_partition_list_s rd_kafka_topic_partition_list_t;

namespace orderflow::kafka {

struct ConsumerOptions {
  std::string group_id;
  std::vector<std::string> topics;
  // Where a group with no committed offset starts: "earliest" so nothing written before the first
  // start is skipped.
  std::string offset_reset = "earliest";
  // A crashed member's partitions are reassigned after this long without its heartbeat.
  std::chrono::milliseconds session_timeout{10'000};
};

// A group consumer whose offsets move only when commit() is called. Auto commit is off and not
// configurable: the offset of a message is committed only after its effects are durable, so after
// a crash the same messages come again and processing must be idempotent.
class Consumer : public MessageSource {
 public:
  Consumer(const ClientConfig& config, const ConsumerOptions& options);
  ~Consumer() override;
  Consumer(const Consumer&) = delete;
  Consumer& operator=(const Consumer&) = delete;

  // Up to max_messages, waiting at most max_wait for the first and then only for what is already
  // fetched. Throws KafkaError on a fatal consumer error; transient ones are logged and retried by
  // librdkafka.
  std::vector<Message> poll_batch(std::size_t max_messages, std::chrono::milliseconds max_wait) override;

  // Commits, for every partition in `done`, the offset after its last message. Returns without
  // waiting for the coordinator; a commit that fails later is logged, and its messages come again.
  void commit(const std::vector<Message>& done) override;
  void commit_and_wait(const std::vector<Message>& done) override;
  void on_partitions_revoked(RevokeHandler handler) override { on_revoke_ = std::move(handler); }

  // Waits for the commits in flight, commits nothing more and leaves the group, so its partitions move to the other
  // members now rather than after the session timeout.
  void close();

  rd_kafka_t* handle() const { return handle_; }

  // librdkafka's rebalance callback, run inside this consumer's poll or close.
  void rebalance(int error, rd_kafka_topic_partition_list_t* partitions);

  // How many partitions the group gave this consumer; shared so a readiness check may outlive it.
  std::shared_ptr<const std::atomic<int>> assigned_partitions() const { return assigned_; }

 private:
  rd_kafka_t* handle_ = nullptr;
  StatisticsMetrics* statistics_ = nullptr;  // told when the handle is gone
  bool closed_ = false;
  RevokeHandler on_revoke_;
  // Set by rebalance() when partitions were revoked during poll_batch: the gathered messages of
  // these are dropped (their next owner reads them from the committed offsets).
  std::vector<std::pair<std::string, std::int32_t>> revoked_;
  std::shared_ptr<std::atomic<int>> assigned_ = std::make_shared<std::atomic<int>>(0);
};

// A readiness check for http::Server::set_readiness: ready while at least one of these consumers
// (Consumer::assigned_partitions()) has partitions of `topic` assigned.
std::function<bool(std::string& detail)> ready_when_assigned(
    std::vector<std::shared_ptr<const std::atomic<int>>> assigned, std::string topic);

}  // namespace orderflow::kafka
