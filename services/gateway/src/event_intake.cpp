#include "event_intake.h"

#include "orderflow/common/logger.h"
#include "orderflow/events/event_type.h"
#include "orderflow/json/exact_json.h"

namespace orderflow::gateway {
namespace {

IntakeResult refused(const events::EventCheck& check) {
  const bool rule = check.outcome == events::EventCheck::Outcome::kBreaksBusinessRule;
  return {rule ? 422 : 400,
          {{"error", rule ? "business_rule_violation" : "invalid_event"},
           {"reason", check.reason},
           {"message", events::describe(check.problems)},
           {"problems", events::to_json(check.problems)}},
          false};
}

IntakeResult published(const events::EventCheck& check, const nlohmann::json& event, const PublishOutcome& outcome,
                       const TraceContext& trace) {
  if (!outcome.acknowledged) {
    log::error("event not published",
               {{"eventId", check.identity.event_id}, {"error", outcome.error}, {"traceId", trace.trace_id}});
    if (outcome.too_large) {
      return {413,
              {{"error", "event_too_large"},
               {"message", "the event is larger than Kafka accepts (producer message.max.bytes); it was not accepted"},
               {"problems", nlohmann::json::array()}},
              false};
    }
    if (outcome.retriable) {
      return {503,
              {{"error", "kafka_unavailable"},
               {"message", "the event was not accepted because Kafka is unavailable; retry later"},
               {"problems", nlohmann::json::array()}},
              true};
    }
    return {500,
            {{"error", "publish_failed"},
             {"message", "the event was not accepted: " + outcome.error},
             {"problems", nlohmann::json::array()}},
            false};
  }
  if (log::enabled(log::Level::kInfo)) {  // one line per request: its fields are built only when written
    log::info(
        "event accepted",
        {{"eventId", check.identity.event_id}, {"eventType", check.identity.event_type}, {"traceId", trace.trace_id}});
  }
  nlohmann::json body = {
      {"status", "accepted"}, {"eventId", check.identity.event_id}, {"eventType", check.identity.event_type}};
  for (const char* id : events::find_event_type(check.identity.event_type)->answer_fields) {
    if (event.contains(id)) body[id] = event[id];
  }
  return {202, body, false};
}

IntakeResult overloaded() {
  return {503,
          {{"error", "overloaded"},
           {"message", "too many events are waiting for Kafka; this one was not accepted, retry later"},
           {"problems", nlohmann::json::array()}},
          true};
}

}  // namespace

IntakeResult EventIntake::accept(const nlohmann::json& event, const TraceContext& trace) {
  return accept_all(std::span(&event, 1), trace).front();  // the event itself, not a copy
}

std::vector<IntakeResult> EventIntake::accept_all(std::span<const nlohmann::json> events, const TraceContext& trace) {
  const std::string traceparent = trace.child().traceparent();
  const auto now = std::chrono::system_clock::now();
  std::vector<IntakeResult> results(events.size());
  std::vector<events::EventCheck> checks;
  std::vector<std::size_t> valid;
  std::vector<OutgoingEvent> outgoing;
  for (std::size_t i = 0; i < events.size(); ++i) {
    checks.push_back(events::Contract::instance().check_event(events[i], now, max_future_skew_));
    if (!checks.back().valid()) {
      results[i] = refused(checks.back());
      continue;
    }
    valid.push_back(i);
    outgoing.push_back({events::partition_key(events[i]),
                        exact_json::dump_exact(events[i]),
                        {{"eventType", checks.back().identity.event_type},
                         {"eventId", checks.back().identity.event_id},
                         {"traceparent", traceparent}}});
  }
  if (in_flight_.fetch_add(outgoing.size()) + outgoing.size() > max_in_flight_) {
    in_flight_.fetch_sub(outgoing.size());
    for (const std::size_t i : valid) results[i] = overloaded();
    return results;
  }
  struct Release {
    std::atomic<std::size_t>& count;
    std::size_t n;
    ~Release() { count.fetch_sub(n); }
  } release{in_flight_, outgoing.size()};
  const auto outcomes = publisher_.publish_all(outgoing);
  std::vector<std::string> accepted;
  for (std::size_t n = 0; n < valid.size(); ++n) {
    const std::size_t i = valid[n];
    results[i] = published(checks[i], events[i], outcomes[n], trace);
    if (outcomes[n].acknowledged) accepted.push_back(checks[i].identity.event_id);
  }
  if (on_accepted_) on_accepted_(accepted);
  return results;
}

}  // namespace orderflow::gateway
