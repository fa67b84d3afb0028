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

// A started batch's forwards; counted as valid once Kafka acknowledged them all.
class Forwarding : public kafka::Pending {
 public:
  Forwarding(std::unique_ptr<kafka::Pending> writes, prometheus::Counter& valid, std::size_t events)
      : writes_(std::move(writes)), valid_(valid), events_(events) {}

  bool settled() const override { return writes_->settled(); }
  void wait() override {
    writes_->wait();
    valid_.Increment(static_cast<double>(events_));
  }

 private:
  std::unique_ptr<kafka::Pending> writes_;
  prometheus::Counter& valid_;
  std::size_t events_;
};

}  // namespace

ValidatorHandler::ValidatorHandler(kafka::MessageWriter& writer, dead_letters::DeadLetterSink& dead_letters,
                                   ValidatorOptions options, metrics::Registry& registry)
    : writer_(writer),
      dead_letters_(dead_letters),
      options_(std::move(options)),
      valid_(events_counter(registry, "valid")),
      invalid_(events_counter(registry, "invalid")),
      dlq_entries_(prometheus::BuildCounter()
                       .Name("dlq_entries_total")
                       .Help("Messages written to the dead letter queue")
                       .Register(registry)
                       .Add({{"stage", "validator"}})) {}

void ValidatorHandler::handle(const std::vector<kafka::Message>& batch) {
  const Routing routing = route_batch(batch, options_.max_future_skew);
  writer_.write_all(options_.validated_topic, routing.forward);  // same key, bytes and headers
  dead_letters_.send_all(routing.dead_letters);
  log_forwarded(routing.forward);
  valid_.Increment(static_cast<double>(routing.forward.size()));
  invalid_.Increment(static_cast<double>(routing.dead_letters.size()));
  dlq_entries_.Increment(static_cast<double>(routing.dead_letters.size()));
}

std::unique_ptr<kafka::Pending> ValidatorHandler::start(const std::vector<kafka::Message>& batch) {
  const Routing routing = route_batch(batch, options_.max_future_skew);
  if (!routing.dead_letters.empty()) return nullptr;
  auto writes = writer_.start_all(options_.validated_topic, routing.forward);  // same key, bytes and headers
  log_forwarded(routing.forward);
  return std::make_unique<Forwarding>(std::move(writes), valid_, routing.forward.size());
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
