#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace orderflow::events {

// What the gateway fills in when a client leaves it out; injectable so tests are deterministic.
struct EventDefaults {
  std::string event_id;    // also used for generated entity ids (userId, orderId, paymentId)
  std::string now;         // RFC 3339
};

// A body posted to POST /users, /orders, /payments or /inventory/adjustments, or an item of
// POST /events, made a complete event of `event_type`: eventId, timestamp and schemaVersion when
// absent, and the type's own id and time fields (userId/createdAt, orderId/items/placedAt,
// paymentId/status/settledAt, adjustedAt). What the client sent is never overwritten; a wrong
// eventType is left for the contract check to report.
nlohmann::json complete_event(nlohmann::json body, const std::string& event_type, int schema_version,
                              const EventDefaults& defaults);

// Seed 004's POST /order body, valid against api/order_request.v1.json, as an OrderPlaced v2 event.
nlohmann::json order_request_to_event(const nlohmann::json& body, const std::string& currency,
                                      const EventDefaults& defaults);

// Seed 001's payment body, valid against api/payment_request.v1.json, as a PaymentSettled event.
nlohmann::json payment_request_to_event(const nlohmann::json& body, const EventDefaults& defaults);

// Seed 001's clients send snake_case fields (customer_id); seed 002's send camelCase events.
bool is_seed001_payment(const nlohmann::json& body);

}  // namespace orderflow::events
