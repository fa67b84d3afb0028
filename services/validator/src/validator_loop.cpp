#include "validator_loop.h"

#include <algorithm>

#include "event_check.h"
#include "orderflow/common/logger.h"
#include "orderflow/common/trace_context.h"
#include "orderflow/kafka/delivery_batch.h"

namespace orderflow::validator {

ValidatorLoop::ValidatorLoop(kafka::Consumer& consumer, kafka::Producer& producer,
                             kafka::DeadLetterSink& dead_letters, LoopOptions options, metrics::Registry& registry)
    : consumer_(consumer),
      producer_(producer),
      dead_letters_(dead_letters),
      options_(std::move(options)),
      events_(prometheus::BuildCounter()
                  .Name("events_processed_total")
                  .Help("Events handled, by stage and outcome")
                  .Register(registry)),
      dlq_entries_(prometheus::BuildCounter()
                       .Name("dlq_entries_total")
                       .Help("Messages written to the dead letter queue")
                       .Register(registry)
                       .Add({{"stage", "validator"}})),
      retries_(prometheus::BuildCounter()
                   .Name("retries_total")
                   .Help("Batches retried after a transient failure")
                   .Register(registry)
                   .Add({{"stage", "validator"}})),
      consume_latency_(prometheus::BuildHistogram()
                           .Name("kafka_consume_duration_seconds")
                           .Help("From an event's Kafka timestamp to its consumption, by stage")
                           .Register(registry)
                           .Add({{"stage", "validator"}}, metrics::latency_buckets())) {}

void ValidatorLoop::run(ShutdownSignal& shutdown) {
  while (!shutdown.requested()) {
    const auto batch = consumer_.poll_batch(options_.batch_max_messages, options_.batch_max_wait);
    if (batch.empty()) continue;
    metrics::observe_since(consume_latency_, batch);
    if (!deliver(batch, shutdown)) return;  // not committed: the next owner of these partitions redoes them
    // A failed commit is not fatal (after a broker outage the group may have moved on without
    // us): the batch comes again, and the processor drops the repeats by event id.
    try {
      consumer_.commit(batch);
    } catch (const kafka::KafkaError& e) {
      log::warn("offset commit failed; the batch will be redelivered", {{"error", e.what()}});
    }
  }
}

bool ValidatorLoop::deliver(const std::vector<kafka::Message>& batch, ShutdownSignal& shutdown) {
  const Routing routing = route_batch(batch, options_.max_future_skew);
  auto backoff = std::chrono::milliseconds(100);
  while (true) {
    try {
      forward(routing.forward);
      dead_letters_.send_all(routing.dead_letters);
      break;
    } catch (const kafka::KafkaError& e) {
      if (!e.retriable()) throw;
      retries_.Increment();
      log::warn("batch not delivered; retrying", {{"error", e.what()}, {"backoffMs", backoff.count()}});
      if (shutdown.wait_for(backoff)) return false;
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
    }
  }
  for (const auto& m : routing.forward) {
    const auto trace = TraceContext::parse(kafka::header_value(m.headers, "traceparent"));
    log::info("event validated", {{"eventId", kafka::header_value(m.headers, "eventId")},
                                  {"eventType", kafka::header_value(m.headers, "eventType")},
                                  {"partition", m.partition}, {"offset", m.offset},
                                  {"traceId", trace ? trace->trace_id : ""}});
  }
  events_.Add({{"stage", "validator"}, {"status", "valid"}}).Increment(static_cast<double>(routing.forward.size()));
  events_.Add({{"stage", "validator"}, {"status", "invalid"}})
      .Increment(static_cast<double>(routing.dead_letters.size()));
  dlq_entries_.Increment(static_cast<double>(routing.dead_letters.size()));
  return true;
}

void ValidatorLoop::forward(const std::vector<kafka::Message>& messages) {
  if (messages.empty()) return;
  kafka::DeliveryBatch batch(messages.size());
  for (std::size_t i = 0; i < messages.size(); ++i) {
    producer_.produce(options_.validated_topic, messages[i].key, messages[i].value, messages[i].headers,
                      batch.callback(i));
  }
  const auto& reports = batch.wait();
  for (const auto& report : reports) {
    if (!report.delivered) throw kafka::KafkaError("forwarding failed: " + report.error, report.retriable);
  }
}

}  // namespace orderflow::validator
