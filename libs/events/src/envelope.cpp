#include "orderflow/events/envelope.h"

#include "orderflow/events/contract.h"

namespace orderflow::events {

std::variant<EventIdentity, Problems> read_identity(const nlohmann::json& event) {
  if (!event.is_object()) return Problems{{"", "type", "an event must be a JSON object"}};
  auto problems = to_problems(Contract::instance().registry().validate("events/envelope.v1.json", event));
  if (!problems.empty()) return problems;
  return EventIdentity{event["eventId"], event["eventType"]};
}

}  // namespace orderflow::events
