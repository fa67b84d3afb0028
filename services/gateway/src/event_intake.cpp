#include "event_intake.h"

#include <utility>

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

// The 202's body, made before publishing: the event itself is not kept until Kafka answers.
nlohmann::json accepted_body(const events::EventCheck& check, const nlohmann::json& event) {
  nlohmann::json body = {
      {"status", "accepted"}, {"eventId", check.identity.event_id}, {"eventType", check.identity.event_type}};
  for (const char* id : events::find_event_type(check.identity.event_type)->answer_fields) {
    if (event.contains(id)) body[id] = event[id];
  }
  return body;
}

IntakeResult published(const events::EventIdentity& identity, nlohmann::json accepted, const PublishOutcome& outcome,
                       const std::string& trace_id) {
  if (!outcome.acknowledged) {
    log::error("event not published",
               {{"eventId", identity.event_id}, {"error", outcome.error}, {"traceId", trace_id}});
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
    log::info("event accepted",
              {{"eventId", identity.event_id}, {"eventType", identity.event_type}, {"traceId", trace_id}});
  }
  return {202, std::move(accepted), false};
}

IntakeResult overloaded() {
  return {503,
          {{"error", "overloaded"},
           {"message", "too many events are waiting for Kafka; this one was not accepted, retry later"},
           {"problems", nlohmann::json::array()}},
          true};
}

}  // namespace

void EventIntake::accept_all(std::span<const nlohmann::json> events, const TraceContext& trace, Results done) {
  const std::string traceparent = trace.child().traceparent();
  const auto now = std::chrono::system_clock::now();
  // What a delivery report needs to answer for its event, once the request's handler has returned.
  struct Pending {
    std::size_t index;
    events::EventIdentity identity;
    nlohmann::json accepted;
  };
  std::vector<IntakeResult> results(events.size());
  std::vector<Pending> pending;
  std::vector<OutgoingEvent> outgoing;
  for (std::size_t i = 0; i < events.size(); ++i) {
    auto check = events::Contract::instance().check_event(events[i], now, max_future_skew_);
    if (!check.valid()) {
      results[i] = refused(check);
      continue;
    }
    outgoing.push_back({events::partition_key(events[i]),
                        exact_json::dump_exact(events[i]),
                        {{"eventType", check.identity.event_type},
                         {"eventId", check.identity.event_id},
                         {"traceparent", traceparent}}});
    pending.push_back({i, check.identity, accepted_body(check, events[i])});
  }
  if (in_flight_->fetch_add(outgoing.size()) + outgoing.size() > max_in_flight_) {
    in_flight_->fetch_sub(outgoing.size());
    for (const auto& p : pending) results[p.index] = overloaded();
    return done(std::move(results));
  }
  // These events' places among max_in_flight: given back once Kafka has answered for them, or
  // when the callback goes uncalled.
  class Places {
   public:
    Places(std::shared_ptr<std::atomic<std::size_t>> in_flight, std::size_t count)
        : in_flight_(std::move(in_flight)), count_(count) {}
    Places(const Places&) = delete;
    Places& operator=(const Places&) = delete;
    ~Places() { give_back(); }
    void give_back() { in_flight_->fetch_sub(std::exchange(count_, 0)); }

   private:
    std::shared_ptr<std::atomic<std::size_t>> in_flight_;
    std::size_t count_;
  };
  auto places = std::make_shared<Places>(in_flight_, outgoing.size());
  publisher_.publish_all(outgoing, [places = std::move(places), on_accepted = on_accepted_, trace_id = trace.trace_id,
                                    pending = std::move(pending), results = std::move(results),
                                    done = std::move(done)](std::vector<PublishOutcome> outcomes) mutable {
    std::vector<std::string> accepted;
    for (std::size_t n = 0; n < pending.size(); ++n) {
      auto& p = pending[n];
      results[p.index] = published(p.identity, std::move(p.accepted), outcomes[n], trace_id);
      if (outcomes[n].acknowledged) accepted.push_back(p.identity.event_id);
    }
    places->give_back();
    if (!on_accepted) return done(std::move(results));
    on_accepted(accepted,
                [done = std::move(done), results = std::move(results)]() mutable { done(std::move(results)); });
  });
}

}  // namespace orderflow::gateway
