#include "event_check.h"

#include "orderflow/events/contract.h"
#include "orderflow/json/exact_json.h"

namespace orderflow::validator {

Verdict check_event(std::string_view bytes, std::chrono::system_clock::time_point now,
                    std::chrono::seconds max_future_skew) {
  Verdict verdict;
  auto parsed = exact_json::parse_exact(bytes);
  if (auto* error = std::get_if<exact_json::ParseError>(&parsed)) {
    verdict.reason = events::reason::kNotJson;
    verdict.error = error->message;
    return verdict;
  }
  const auto check = events::Contract::instance().check_event(std::get<nlohmann::json>(parsed), now, max_future_skew);
  verdict.valid = check.valid();
  verdict.identity = check.identity;
  verdict.reason = check.reason;
  verdict.error = events::describe(check.problems);
  return verdict;
}

Routing route_batch(const std::vector<kafka::Message>& batch, std::chrono::seconds max_future_skew) {
  const auto now = std::chrono::system_clock::now();
  Routing routing;
  for (const auto& message : batch) {
    Verdict verdict = check_event(message.value, now, max_future_skew);
    if (verdict.valid) {
      routing.forward.push_back(message);
    } else {
      routing.dead_letters.push_back({message, "validator", verdict.reason, verdict.error});
    }
  }
  return routing;
}

}  // namespace orderflow::validator
