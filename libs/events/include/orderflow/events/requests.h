#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "orderflow/events/event_type.h"

namespace orderflow::events {

// What the gateway fills in when a client leaves it out (Fill); injectable so tests are deterministic.
struct EventDefaults {
  std::string event_id;  // also used for generated entity ids (userId, orderId, paymentId)
  std::string now;       // RFC 3339
  std::string currency;  // the gateway's default currency
};

// A body posted to a type's own endpoint (POST /users, /orders, ...) made a complete event:
// eventType, eventId, timestamp and schemaVersion when absent, then the type's endpoint_defaults.
// What the client sent is never overwritten; a wrong eventType is left for the contract check.
nlohmann::json complete_event(nlohmann::json body, const EventType& type, int schema_version,
                              const EventDefaults& defaults);

// The request shape of `type` that a body posted to `endpoint` has, or nullptr when it is the
// type's own event body.
const RequestShape* find_request_shape(const EventType& type, const std::string& endpoint, const nlohmann::json& body);

// A body valid against `shape.schema` as an event of `type`: the envelope, the mapped fields, then
// the shape's defaults.
nlohmann::json request_to_event(const EventType& type, const RequestShape& shape, const nlohmann::json& body,
                                const EventDefaults& defaults);

// The request's name for an event field, so problems found in the event name what the client sent;
// the event field itself when the shape does not map it.
std::string request_field_name(const RequestShape& shape, const std::string& event_field);

}  // namespace orderflow::events
