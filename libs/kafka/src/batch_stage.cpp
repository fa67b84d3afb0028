#include "orderflow/kafka/batch_stage.h"

#include <algorithm>
#include <new>
#include <random>

#include "orderflow/common/failure.h"
#include "orderflow/common/logger.h"
#include "orderflow/kafka/client_config.h"

namespace orderflow::kafka {

Disposition classify(const std::exception& error) {
  if (dynamic_cast<const std::bad_alloc*>(&error) || dynamic_cast<const CannotContinue*>(&error)) {
    return Disposition::kStop;
  }
  if (dynamic_cast<const Unavailable*>(&error)) return Disposition::kRetry;
  if (const auto* kafka = dynamic_cast<const KafkaError*>(&error)) {
    if (kafka->retriable()) return Disposition::kRetry;
    return kafka->about_message() ? Disposition::kDeadLetter : Disposition::kStop;
  }
  return Disposition::kDeadLetter;
}

BatchStage::BatchStage(MessageSource& source, BatchHandler& handler, dead_letters::DeadLetterSink* dead_letters,
                       StageOptions options, metrics::Registry& registry, PipelinedHandler* pipelined)
    : source_(source),
      handler_(handler),
      dead_letters_(dead_letters),
      options_(std::move(options)),
      pipelined_(pipelined),
      retries_(prometheus::BuildCounter()
                   .Name("retries_total")
                   .Help("Batches retried after a transient failure")
                   .Register(registry)
                   .Add({{"stage", options_.name}})),
      isolated_(prometheus::BuildCounter()
                    .Name("poison_messages_total")
                    .Help("Messages isolated from their batch because handling them failed, by stage and outcome")
                    .Register(registry)
                    .Add({{"stage", options_.name}, {"outcome", "dead_lettered"}})),
      skipped_(prometheus::BuildCounter()
                   .Name("poison_messages_total")
                   .Help("Messages isolated from their batch because handling them failed, by stage and outcome")
                   .Register(registry)
                   .Add({{"stage", options_.name}, {"outcome", "skipped"}})),
      consume_latency_(prometheus::BuildHistogram()
                           .Name("kafka_consume_duration_seconds")
                           .Help("From an event's Kafka timestamp to its consumption, by stage")
                           .Register(registry)
                           .Add({{"stage", options_.name}}, metrics::latency_buckets())) {}

void BatchStage::run(ShutdownSignal& shutdown) {
  // Partitions the group moves elsewhere are released with what was finished of them committed.
  struct ReleaseOnRevoke {
    BatchStage& stage;
    explicit ReleaseOnRevoke(BatchStage& s) : stage(s) {
      stage.source_.on_partitions_revoked([&s](bool lost) { s.release_partitions(lost); });
    }
    ~ReleaseOnRevoke() { stage.source_.on_partitions_revoked({}); }
  } release_on_revoke(*this);
  // Whatever way the stage ends, the offsets of the batches it finished are committed.
  struct CommitOnExit {
    BatchStage& stage;
    ~CommitOnExit() {
      stage.in_flight_.clear();
      stage.commit_handled();
    }
  } commit_on_exit{*this};
  if (pipelined_) return run_pipelined(shutdown);
  while (!shutdown.requested()) {
    const auto batch = source_.poll_batch(options_.batch_max_messages, options_.batch_max_wait);
    if (batch.empty()) {
      commit_handled();
      continue;
    }
    metrics::observe_since(consume_latency_, batch);
    if (!handle_batch(batch, shutdown)) return;  // not committed: the partitions' next owner redoes it
    handled(batch);
  }
}

void BatchStage::run_pipelined(ShutdownSignal& shutdown) {
  while (!shutdown.requested()) {
    const bool full = in_flight_.size() >= std::max<std::size_t>(options_.max_batches_in_flight, 1);
    if (!finish_settled(full, shutdown)) return;
    auto batch = source_.poll_batch(options_.batch_max_messages, options_.batch_max_wait);
    if (batch.empty()) {
      commit_handled();
      continue;
    }
    metrics::observe_since(consume_latency_, batch);
    std::unique_ptr<Pending> result;
    try {
      result = pipelined_->start(batch);
    } catch (const std::exception& e) {
      // Not started: handle() below meets the same failure, and decides about it.
      log::warn("batch could not be started; handling it in full", {{"stage", options_.name}, {"error", e.what()}});
    }
    if (result) {
      in_flight_.push_back({std::move(batch), std::move(result)});
      continue;
    }
    // Handled on its own, after everything before it, so that offsets are still committed in order.
    if (!finish_all(shutdown) || !handle_batch(batch, shutdown)) return;
    handled(batch);
  }
  // Shutdown: what was started is finished and committed, or left to the partitions' next owner.
  finish_all(shutdown);
}

bool BatchStage::finish_settled(bool wait_for_first, ShutdownSignal& shutdown) {
  while (!in_flight_.empty() && (wait_for_first || in_flight_.front().result->settled())) {
    wait_for_first = false;
    if (!finish(in_flight_.front(), shutdown)) return false;
    in_flight_.pop_front();
  }
  return true;
}

bool BatchStage::finish_all(ShutdownSignal& shutdown) {
  for (; !in_flight_.empty(); in_flight_.pop_front()) {
    if (!finish(in_flight_.front(), shutdown)) return false;
  }
  return true;
}

bool BatchStage::finish(InFlight& started, ShutdownSignal& shutdown) {
  // What is finished meanwhile is committed on time, also while this batch waits for Kafka.
  if (!started.result->settled()) commit_handled_if_due();
  try {
    started.result->wait();
  } catch (const std::exception& e) {
    if (classify(e) == Disposition::kStop) throw;
    if (shutdown.requested()) return false;  // left to the partitions' next owner
    // Part of it may have been written: the whole batch is handled again, as a failed handle()
    // would be (retried, or the message at fault isolated), before anything after it is committed.
    log::warn("started batch failed; handling it again in full", {{"stage", options_.name},
                                                                  {"error", e.what()},
                                                                  {"partition", started.batch.front().partition},
                                                                  {"offset", started.batch.front().offset}});
    if (!handle_batch(started.batch, shutdown)) return false;
  }
  handled(started.batch);
  return true;
}

void BatchStage::handled(const std::vector<Message>& batch) {
  for (const auto& m : batch) {
    auto same_partition = std::find_if(handled_.begin(), handled_.end(), [&](const Message& h) {
      return h.partition == m.partition && h.topic == m.topic;
    });
    if (same_partition == handled_.end()) {
      Message last;  // what a commit needs: no key, value or headers
      last.topic = m.topic;
      last.partition = m.partition;
      last.offset = m.offset;
      handled_.push_back(std::move(last));
    } else {
      same_partition->offset = std::max(same_partition->offset, m.offset);
    }
  }
  commit_handled_if_due();
}

void BatchStage::commit_handled_if_due() {
  if (!last_commit_ || std::chrono::steady_clock::now() - *last_commit_ >= options_.commit_interval) commit_handled();
}

void BatchStage::commit_handled(bool wait) {
  if (handled_.empty()) return;
  // Offsets move only now, after every message is durable. A failed commit is not fatal (after
  // a broker outage the group may have moved on): the messages come again, and handlers are
  // idempotent.
  try {
    if (wait) {
      source_.commit_and_wait(handled_);
    } else {
      source_.commit(handled_);
    }
  } catch (const std::exception& e) {
    log::warn("offset commit failed; the messages will be redelivered",
              {{"stage", options_.name}, {"error", e.what()}});
  }
  handled_.clear();
  last_commit_ = std::chrono::steady_clock::now();
}

void BatchStage::release_partitions(bool lost) {
  if (lost) {
    // Nothing can be committed for partitions that may be another's already: what was started or
    // finished since the last commit is the next owner's to read again.
    log::warn("partitions lost; their uncommitted batches are left to the next owner",
              {{"stage", options_.name}, {"batches", in_flight_.size()}, {"messages", handled_.size()}});
    in_flight_.clear();
    handled_.clear();
    return;
  }
  // Only waits, never retries: a retry here would hold up the whole group's rebalance.
  for (; !in_flight_.empty(); in_flight_.pop_front()) {
    try {
      in_flight_.front().result->wait();
    } catch (const std::exception& e) {
      log::warn("partitions revoked while a started batch failed; it is left to their next owner",
                {{"stage", options_.name}, {"error", e.what()}, {"batches", in_flight_.size()}});
      in_flight_.clear();
      break;
    }
    handled(in_flight_.front().batch);
  }
  commit_handled(/*wait=*/true);
}

bool BatchStage::handle_batch(const std::vector<Message>& batch, ShutdownSignal& shutdown) {
  thread_local std::mt19937 random{std::random_device{}()};
  auto backoff = options_.first_backoff;
  while (true) {
    try {
      return handle_isolating(batch, shutdown);
    } catch (const std::exception& e) {
      if (classify(e) != Disposition::kRetry) throw;
      // Exponential backoff with jitter spreads the retries of several instances.
      retries_.Increment();
      const auto wait =
          std::chrono::milliseconds(std::uniform_int_distribution<long>(backoff.count() / 2, backoff.count())(random));
      log::warn("batch failed; retrying", {{"stage", options_.name},
                                           {"error", e.what()},
                                           {"backoffMs", wait.count()},
                                           {"partition", batch.front().partition},
                                           {"offset", batch.front().offset}});
      commit_handled_if_due();  // earlier batches' offsets do not wait for this one
      if (shutdown.wait_for(wait)) return false;
      backoff = std::min(backoff * 2, options_.max_backoff);
    }
  }
}

// Throws only what is to be retried or stops the stage.
bool BatchStage::handle_isolating(const std::vector<Message>& batch, ShutdownSignal& shutdown) {
  try {
    handler_.handle(batch);
    return true;
  } catch (const std::exception& e) {
    if (classify(e) != Disposition::kDeadLetter) throw;
    if (batch.size() == 1) {
      isolate(batch.front(), e, shutdown);
      return true;
    }
    const auto middle = batch.begin() + static_cast<std::ptrdiff_t>(batch.size() / 2);
    return handle_isolating({batch.begin(), middle}, shutdown) && handle_isolating({middle, batch.end()}, shutdown);
  }
}

void BatchStage::isolate(const Message& message, const std::exception& error, ShutdownSignal&) {
  const auto* refused = dynamic_cast<const MessageRefused*>(&error);
  // "internal_error" is events::reason::kInternalError (libs/kafka does not depend on libs/events).
  const std::string reason = refused ? refused->reason() : "internal_error";
  auto skip = [&](const std::string& why) {
    skipped_.Increment();
    log::error("message could not be handled and was skipped; it stays on its topic",
               {{"stage", options_.name},
                {"reason", reason},
                {"error", dead_letters::bounded_error_text(error.what())},
                {"skipped", why},
                {"topic", message.topic},
                {"partition", message.partition},
                {"offset", message.offset}});
  };
  if (!dead_letters_) return skip("this stage has no dead letter queue");
  try {
    dead_letters_->send_all({{message, options_.name, reason, dead_letters::bounded_error_text(error.what())}});
    isolated_.Increment();
  } catch (const std::exception& e) {
    // Unavailable: retried like any dependency. Refused for what the letter itself is (dead
    // letters are bounded, so this should not happen): skipped rather than stopping the stage.
    if (classify(e) != Disposition::kDeadLetter) throw;
    skip(std::string("its dead letter was refused: ") + e.what());
  }
}

}  // namespace orderflow::kafka
