#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "orderflow/events/problem.h"

namespace orderflow::events {

// What every stage needs to know about an event before looking at its body.
struct EventIdentity {
  std::string event_id;
  std::string event_type;
};

// Reads eventId and eventType from an event document.
std::variant<EventIdentity, Problems> read_identity(const nlohmann::json& event);

}  // namespace orderflow::events
