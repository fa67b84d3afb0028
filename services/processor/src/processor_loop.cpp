#include "processor_loop.h"

#include <algorithm>
#include <random>

#include "orderflow/common/logger.h"

namespace orderflow::processor {

void ProcessorLoop::run(ShutdownSignal& shutdown) {
  while (!shutdown.requested()) {
    const auto batch = consumer_.poll_batch(options_.batch_max_messages, options_.batch_max_wait);
    if (batch.empty()) continue;
    metrics::observe_since(metrics_.consume_latency, batch);
    if (!process_until_done(batch, shutdown)) return;
    // Commit only after the database commit. A failed commit is not fatal: the batch comes again
    // and the inbox recognises it.
    try {
      consumer_.commit(batch);
    } catch (const kafka::KafkaError& e) {
      log::warn("offset commit failed; the batch will be redelivered and skipped", {{"error", e.what()}});
    }
  }
}

bool ProcessorLoop::process_until_done(const std::vector<kafka::Message>& batch, ShutdownSignal& shutdown) {
  thread_local std::mt19937 random{std::random_device{}()};
  auto backoff = std::chrono::milliseconds(100);
  while (true) {
    try {
      const auto outcome = processor_.process(batch);
      log::debug("batch done", {{"events", batch.size()}, {"applied", outcome.applied},
                                {"skippedByCache", outcome.skipped_by_cache},
                                {"skippedByDatabase", outcome.skipped_by_database},
                                {"deadLettered", outcome.dead_lettered}});
      return true;
    } catch (const std::exception& e) {
      // Every failure here is retried: the batch was validated, so what fails is the database or
      // Kafka being unavailable. Exponential backoff with full jitter spreads the retries of
      // several processors.
      metrics_.retries.Increment();
      const auto wait = std::chrono::milliseconds(
          std::uniform_int_distribution<long>(backoff.count() / 2, backoff.count())(random));
      log::warn("batch failed; retrying", {{"error", e.what()}, {"backoffMs", wait.count()},
                                           {"partition", batch.front().partition},
                                           {"offset", batch.front().offset}});
      if (shutdown.wait_for(wait)) return false;
      backoff = std::min(backoff * 2, options_.max_backoff);
    }
  }
}

}  // namespace orderflow::processor
