#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "orderflow/events/envelope.h"
#include "orderflow/kafka/dead_letters.h"
#include "orderflow/kafka/message.h"

namespace orderflow::validator {

// Stable reason codes for events that fail validation; dead letters carry them in dlq.reason.
namespace reason {
inline constexpr const char* kNotJson = "not_json";
inline constexpr const char* kInvalidEnvelope = "invalid_envelope";
inline constexpr const char* kUnknownEventType = "unknown_event_type";
inline constexpr const char* kSchemaViolation = "schema_violation";
}  // namespace reason

struct Verdict {
  bool valid = false;
  events::EventIdentity identity;  // when valid
  std::string reason;              // when not: one of the codes above
  std::string error;
};

// Any bytes at all may arrive on the raw topic; this never throws.
Verdict check_event(std::string_view bytes);

// A consumed batch split into what goes on to the validated topic and what is dead-lettered.
struct Routing {
  std::vector<kafka::Message> forward;
  std::vector<kafka::DeadLetter> dead_letters;
};

Routing route_batch(const std::vector<kafka::Message>& batch);

}  // namespace orderflow::validator
