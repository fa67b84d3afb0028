#include "orderflow/events/envelope.h"

#include "field_checks.h"

namespace orderflow::events {

std::variant<EventIdentity, Problems> read_identity(const nlohmann::json& event) {
  if (!event.is_object()) return Problems{{"", "type", "an event must be a JSON object"}};
  Problems problems;
  FieldChecks checks(event, "", problems);
  EventIdentity identity{checks.identifier("eventId"), checks.short_text("eventType", 64)};
  if (!problems.empty()) return problems;
  return identity;
}

}  // namespace orderflow::events
