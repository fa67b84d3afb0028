#include "validator_handler.h"

#include "orderflow/common/logger.h"
#include "orderflow/common/trace_context.h"

#include "event_check.h"

namespace orderflow::validator {

ValidatorHandler::ValidatorHandler(kafka::MessageWriter& writer, dead_letters::DeadLetterSink& dead_letters,
                                   ValidatorOptions options, metrics::Registry& registry)
    : writer_(writer),
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
                       .Add({{"stage", "validator"}})) {}

void ValidatorHandler::handle(const std::vector<kafka::Message>& batch) {
  const Routing routing = route_batch(batch, options_.max_future_skew);
  writer_.write_all(options_.validated_topic, routing.forward);  // same key, bytes and headers
  dead_letters_.send_all(routing.dead_letters);
  // One line per event: its fields are built only when written.
  if (log::enabled(log::Level::kInfo)) {
    for (const auto& m : routing.forward) {
      const auto trace = TraceContext::parse(kafka::header_value(m.headers, "traceparent"));
      log::info("event validated", {{"eventId", kafka::header_value(m.headers, "eventId")},
                                    {"eventType", kafka::header_value(m.headers, "eventType")},
                                    {"partition", m.partition},
                                    {"offset", m.offset},
                                    {"traceId", trace ? trace->trace_id : ""}});
    }
  }
  events_.Add({{"stage", "validator"}, {"status", "valid"}}).Increment(static_cast<double>(routing.forward.size()));
  events_.Add({{"stage", "validator"}, {"status", "invalid"}})
      .Increment(static_cast<double>(routing.dead_letters.size()));
  dlq_entries_.Increment(static_cast<double>(routing.dead_letters.size()));
}

}  // namespace orderflow::validator
