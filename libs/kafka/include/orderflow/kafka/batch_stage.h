#pragma once

#include <chrono>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "orderflow/common/shutdown.h"
#include "orderflow/dead_letters/sink.h"
#include "orderflow/kafka/message.h"
#include "orderflow/kafka/pending.h"
#include "orderflow/metrics/metrics.h"

namespace orderflow::kafka {

// Where a stage's messages come from: a Kafka consumer group (Consumer) or a fake in tests.
class MessageSource {
 public:
  virtual ~MessageSource() = default;
  virtual std::vector<Message> poll_batch(std::size_t max_messages, std::chrono::milliseconds max_wait) = 0;
  // Commits, per partition, the offset after the last message of `done`. Throws KafkaError.
  virtual void commit(const std::vector<Message>& done) = 0;
  // As commit(), and returns once the coordinator has written the offsets (or refused them).
  virtual void commit_and_wait(const std::vector<Message>& done) { commit(done); }
  // Called from inside poll_batch, on the polling thread, just before a rebalance takes partitions
  // away from this member: the last moment to commit for them. `lost` when the member was dropped
  // from the group (its session timed out): the partitions may be another's already, a commit for
  // them is refused, and the handler only lets go. Messages of those partitions that poll_batch
  // had gathered are left out of what it returns. An empty function removes the handler.
  using RevokeHandler = std::function<void(bool lost)>;
  virtual void on_partitions_revoked(RevokeHandler handler) { (void)handler; }
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

// A handler that can start a batch and let it finish while the stage polls and starts the next:
// a forwarding stage need not sit idle while Kafka acknowledges what it forwarded.
class PipelinedHandler {
 public:
  virtual ~PipelinedHandler() = default;
  // Starts the batch's work; the stage commits the batch once the result settles without error.
  // Returns nullptr for a batch that must go through BatchHandler::handle instead.
  virtual std::unique_ptr<Pending> start(const std::vector<Message>& batch) = 0;
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
  // With a PipelinedHandler: batches started and not yet settled, at most (then the stage waits).
  std::size_t max_batches_in_flight = 4;
  // Offsets of handled batches are committed together at most this often, and whenever a poll
  // finds nothing new or the stage stops: each commit is a write on the broker, and a commit
  // per small batch cost it more than the batches themselves. A crash repeats at most this much,
  // which the handlers' idempotence absorbs. 0: every batch is committed on its own.
  std::chrono::milliseconds commit_interval{100};
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
//
// Given a PipelinedHandler, the stage starts each batch and polls the next while earlier ones are
// in flight; it commits them in the order they were polled, each only once it settled and every
// earlier one was committed. A batch whose result fails is handled again whole through
// BatchHandler::handle (retries, isolation) before anything after it is committed; batches after
// it that were written already are not written again. As when a flush of one batch fails part
// way, those later messages may then precede the failed batch's on the next topic.
class BatchStage {
 public:
  BatchStage(MessageSource& source, BatchHandler& handler, dead_letters::DeadLetterSink* dead_letters,
             StageOptions options, metrics::Registry& registry, PipelinedHandler* pipelined = nullptr);

  // Returns when shutdown is requested, with every handled batch committed (or, when the commit
  // failed, redelivered to whoever owns its partitions next). Throws what classify() says stops.
  void run(ShutdownSignal& shutdown);

  // Handles one polled batch to the end (retrying, isolating); false when shutdown came first.
  bool handle_batch(const std::vector<Message>& batch, ShutdownSignal& shutdown);

 private:
  struct InFlight {
    std::vector<Message> batch;
    std::unique_ptr<Pending> result;
  };

  void run_pipelined(ShutdownSignal& shutdown);
  // Commits the settled batches at the front of in_flight_; with wait_for_first, waits for the
  // first. False when shutdown came first.
  bool finish_settled(bool wait_for_first, ShutdownSignal& shutdown);
  bool finish_all(ShutdownSignal& shutdown);
  bool finish(InFlight& started, ShutdownSignal& shutdown);
  // Marks the batch handled; its offsets are committed once commit_interval has passed since the
  // last commit, or by commit_handled().
  void handled(const std::vector<Message>& batch);
  void commit_handled_if_due();
  void commit_handled(bool wait = false);
  // The source's partitions are being revoked: commits every batch that is acknowledged, in order,
  // and drops the rest (their partitions' next owner redoes them).
  void release_partitions(bool lost);
  bool handle_isolating(const std::vector<Message>& batch, ShutdownSignal& shutdown);
  void isolate(const Message& message, const std::exception& error, ShutdownSignal& shutdown);

  MessageSource& source_;
  BatchHandler& handler_;
  dead_letters::DeadLetterSink* dead_letters_;
  StageOptions options_;
  PipelinedHandler* pipelined_;
  std::deque<InFlight> in_flight_;  // started, in the order they were polled
  std::vector<Message> handled_;    // the last handled message of each partition, without key or value
  // None until the first commit, which is due at once: steady_clock counts from boot, so an
  // epoch default would hold back the first commit for whatever commit_interval exceeds uptime.
  std::optional<std::chrono::steady_clock::time_point> last_commit_;
  prometheus::Counter& retries_;
  prometheus::Counter& isolated_;
  prometheus::Counter& skipped_;
  prometheus::Histogram& consume_latency_;
};

}  // namespace orderflow::kafka
