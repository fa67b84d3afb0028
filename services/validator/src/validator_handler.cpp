#include "validator_handler.h"

#include "orderflow/common/logger.h"
#include "orderflow/common/trace_context.h"

#include "event_check.h"

namespace orderflow::validator {
namespace {

prometheus::Counter& events_counter(metrics::Registry& registry, const std::string& status) {
  return prometheus::BuildCounter()
      .Name("events_processed_total")
      .Help("Events handled, by stage and outcome")
      .Register(registry)
      .Add({{"stage", "validator"}, {"status", status}});
}

// A started batch: its forwards, counted as valid once Kafka acknowledged them all, and then its
// dead letters, sent only once the forwards are durable (as handle() does), so that a failure
// leaves nothing dead-lettered of a batch whose valid events may still be lost.
class Forwarding : public kafka::Pending {
 public:
  Forwarding(std::unique_ptr<kafka::Pending> writes, std::size_t forwarded,
             std::vector<dead_letters::DeadLetter> dead_letters, dead_letters::DeadLetterSink& sink,
             ValidatorHandler::Counters counters)
      : writes_(std::move(writes)),
        forwarded_(forwarded),
        dead_letters_(std::move(dead_letters)),
        sink_(sink),
        counters_(counters) {}

  // The forwards are acknowledged: what is left, the dead letters, is sent by wait().
  bool settled() const override { return writes_->settled(); }
  void wait() override {
    writes_->wait();
    if (!dead_letters_.empty()) sink_.send_all(dead_letters_);
    counters_.count(forwarded_, dead_letters_.size());
  }

 private:
  std::unique_ptr<kafka::Pending> writes_;
  std::size_t forwarded_;
  std::vector<dead_letters::DeadLetter> dead_letters_;
  dead_letters::DeadLetterSink& sink_;
  ValidatorHandler::Counters counters_;
};

}  // namespace

ValidatorHandler::ValidatorHandler(kafka::MessageWriter& writer, dead_letters::DeadLetterSink& dead_letters,
                                   ValidatorOptions options, metrics::Registry& registry)
    : writer_(writer),
      dead_letters_(dead_letters),
      options_(std::move(options)),
      counters_{events_counter(registry, "valid"), events_counter(registry, "invalid"),
                prometheus::BuildCounter()
                    .Name("dlq_entries_total")
                    .Help("Messages written to the dead letter queue")
                    .Register(registry)
                    .Add({{"stage", "validator"}})} {}

void ValidatorHandler::Counters::count(std::size_t forwarded, std::size_t dead_lettered) const {
  valid.Increment(static_cast<double>(forwarded));
  invalid.Increment(static_cast<double>(dead_lettered));
  dlq_entries.Increment(static_cast<double>(dead_lettered));
}

void ValidatorHandler::handle(const std::vector<kafka::Message>& batch) {
  const Routing routing = route_batch(batch, options_.max_future_skew);
  writer_.write_all(options_.validated_topic, routing.forward);  // same key, bytes and headers
  dead_letters_.send_all(routing.dead_letters);
  log_forwarded(routing.forward);
  counters_.count(routing.forward.size(), routing.dead_letters.size());
}

std::unique_ptr<kafka::Pending> ValidatorHandler::start(const std::vector<kafka::Message>& batch) {
  Routing routing = route_batch(batch, options_.max_future_skew);
  auto writes = writer_.start_all(options_.validated_topic, routing.forward);  // same key, bytes and headers
  log_forwarded(routing.forward);
  return std::make_unique<Forwarding>(std::move(writes), routing.forward.size(), std::move(routing.dead_letters),
                                      dead_letters_, counters_);
}

void ValidatorHandler::log_forwarded(const std::vector<kafka::Message>& forwarded) const {
  // One line per event: its fields are built only when written.
  if (!log::enabled(log::Level::kInfo)) return;
  for (const auto& m : forwarded) {
    const auto trace = TraceContext::parse(kafka::header_value(m.headers, "traceparent"));
    log::info("event validated", {{"eventId", kafka::header_value(m.headers, "eventId")},
                                  {"eventType", kafka::header_value(m.headers, "eventType")},
                                  {"partition", m.partition},
                                  {"offset", m.offset},
                                  {"traceId", trace ? trace->trace_id : ""}});
  }
}

}  // namespace orderflow::validator
