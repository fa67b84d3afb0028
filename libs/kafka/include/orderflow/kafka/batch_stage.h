#pragma once

#include <chrono>
#include <exception>
#include <string>
#include <vector>

#include "orderflow/common/shutdown.h"
#include "orderflow/dead_letters/sink.h"
#include "orderflow/kafka/message.h"
#include "orderflow/metrics/metrics.h"

namespace orderflow::kafka {

// Where a stage's messages come from: a Kafka consumer group (Consumer) or a fake in tests.
class MessageSource {
 public:
  virtual ~MessageSource() = default;
  virtual std::vector<Message> poll_batch(std::size_t max_messages, std::chrono::milliseconds max_wait) = 0;
  // Commits, per partition, the offset after the last message of `done`. Throws KafkaError.
  virtual void commit(const std::vector<Message>& done) = 0;
};

// One stage's work on a batch. handle() returns only once every message of the batch is durable
// where it goes (forwarded, applied, dead-lettered); then, and only then, the stage commits the
// batch's offsets. When it throws, the stage decides (classify) whether to retry the same batch,
// isolate the message at fault, or stop: so handle() must be idempotent — after a crash or a
// retry the same messages come again.
class BatchHandler {
 public:
  virtual ~BatchHandler() = default;
  virtual void handle(const std::vector<Message>& batch) = 0;
};

enum class Disposition { kRetry, kDeadLetter, kStop };

// The one place that decides (see orderflow/common/failure.h): Unavailable and retriable Kafka
// errors are retried; CannotContinue, bad_alloc and Kafka errors that are about the client, not
// a message, stop; everything else is about the message being handled and dead-letters it.
Disposition classify(const std::exception& error);

struct StageOptions {
  std::string name;  // "validator", "processor", ...: in logs, metrics and dlq.stage
  std::size_t batch_max_messages = 500;
  std::chrono::milliseconds batch_max_wait{50};
  std::chrono::milliseconds first_backoff{100};
  std::chrono::milliseconds max_backoff{5000};
};

// poll -> handle -> commit, for every consumer in orderflow.
//
// A batch whose handling fails with a message-level error is split in halves until the message
// at fault stands alone; that message is dead-lettered (reason from MessageRefused, else
// "internal_error", with the cause truncated) and the rest is handled. One message can therefore
// cost one dead letter and a few smaller batches, never the partition. With no dead-letter sink
// (the stage that records dead letters), the message is logged and counted as skipped instead;
// it stays on its topic.
class BatchStage {
 public:
  BatchStage(MessageSource& source, BatchHandler& handler, dead_letters::DeadLetterSink* dead_letters,
             StageOptions options, metrics::Registry& registry);

  // Returns when shutdown is requested, with every handled batch committed (or, when the commit
  // failed, redelivered to whoever owns its partitions next). Throws what classify() says stops.
  void run(ShutdownSignal& shutdown);

  // Handles one polled batch to the end (retrying, isolating); false when shutdown came first.
  bool handle_batch(const std::vector<Message>& batch, ShutdownSignal& shutdown);

 private:
  bool handle_isolating(const std::vector<Message>& batch, ShutdownSignal& shutdown);
  void isolate(const Message& message, const std::exception& error, ShutdownSignal& shutdown);

  MessageSource& source_;
  BatchHandler& handler_;
  dead_letters::DeadLetterSink* dead_letters_;
  StageOptions options_;
  prometheus::Counter& retries_;
  prometheus::Counter& isolated_;
  prometheus::Counter& skipped_;
  prometheus::Histogram& consume_latency_;
};

}  // namespace orderflow::kafka
