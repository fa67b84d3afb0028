#include "business_rules.h"

#include "orderflow/events/event_type.h"

#include "rule_checks.h"

namespace orderflow::events {

Problems check_business_rules(const nlohmann::json& event, const Contract& contract,
                              std::chrono::system_clock::time_point now, std::chrono::seconds max_future_skew) {
  Problems problems;
  RuleChecks checks(contract, problems);
  // The contract check found the type known and the event valid against its schema.
  const EventType& type = *find_event_type(event["eventType"].get_ref<const std::string&>());
  if (type.check_rules) type.check_rules(event, checks);
  const auto latest = std::chrono::floor<std::chrono::microseconds>(now + max_future_skew);
  checks.time_in_range(event, "timestamp", latest);
  for (const char* field : type.time_fields) checks.time_in_range(event, field, latest);
  checks.text_storable(event, "");
  return problems;
}

}  // namespace orderflow::events
