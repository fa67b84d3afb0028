#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "orderflow/common/decimal.h"
#include "orderflow/events/problem.h"

namespace orderflow::events {

inline constexpr const char* kOrderPlaced = "OrderPlaced";

struct OrderPlaced {
  std::string order_id;
  std::string user_id;
  Decimal total_amount;
  std::string currency;
  std::string status;
  std::string placed_at;  // RFC 3339, as given
};

// The envelope every event carries.
struct Envelope {
  std::string event_id;
  std::string event_type;
  std::string timestamp;  // when the event was created, RFC 3339
  int schema_version = 1;
};

// Reads seed 004's body, {"id","user_id","total","status","timestamp"}, parsed with
// json::parse_exact. Returns every problem found, not only the first.
std::variant<OrderPlaced, Problems> order_from_request(const nlohmann::json& body, const std::string& currency);

// The event as it travels on Kafka (exact JSON text, keyed by order_id).
std::string to_event_json(const Envelope& envelope, const OrderPlaced& order);

// Checks an OrderPlaced event read off a topic: the envelope and the order fields.
Problems check_order_placed_event(const nlohmann::json& event);

}  // namespace orderflow::events
