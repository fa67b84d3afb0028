#include "event_check.h"

#include "orderflow/events/order_placed.h"
#include "orderflow/json/exact_json.h"

namespace orderflow::validator {

Verdict check_event(std::string_view bytes) {
  Verdict verdict;
  auto parsed = json::parse_exact(bytes);
  if (auto* error = std::get_if<json::ParseError>(&parsed)) {
    verdict.reason = reason::kNotJson;
    verdict.error = error->message;
    return verdict;
  }
  const auto& event = std::get<nlohmann::json>(parsed);
  auto identity = events::read_identity(event);
  if (auto* problems = std::get_if<events::Problems>(&identity)) {
    verdict.reason = reason::kInvalidEnvelope;
    verdict.error = events::describe(*problems);
    return verdict;
  }
  verdict.identity = std::get<events::EventIdentity>(identity);
  if (verdict.identity.event_type != events::kOrderPlaced) {
    verdict.reason = reason::kUnknownEventType;
    verdict.error = "unknown eventType '" + verdict.identity.event_type + "'";
    return verdict;
  }
  if (const auto problems = events::check_order_placed_event(event); !problems.empty()) {
    verdict.reason = reason::kSchemaViolation;
    verdict.error = events::describe(problems);
    return verdict;
  }
  verdict.valid = true;
  return verdict;
}

Routing route_batch(const std::vector<kafka::Message>& batch) {
  Routing routing;
  for (const auto& message : batch) {
    Verdict verdict = check_event(message.value);
    if (verdict.valid) {
      routing.forward.push_back(message);
    } else {
      routing.dead_letters.push_back({message, "validator", verdict.reason, verdict.error, 1});
    }
  }
  return routing;
}

}  // namespace orderflow::validator
