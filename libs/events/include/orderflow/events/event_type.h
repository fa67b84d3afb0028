#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace orderflow::events {

class RuleChecks;

// How a missing field is filled in when a client leaves it out (see EventDefaults).
enum class Fill {
  kNewId,            // the request's event id (new, or derived from its Idempotency-Key)
  kNow,              // the time the request arrived
  kEmptyList,        // []
  kDefaultCurrency,  // the gateway's configured default currency
  kConstant,         // FieldDefault::constant
};

struct FieldDefault {
  const char* field;
  Fill fill;
  const char* constant = nullptr;  // for Fill::kConstant
};

// One field of a request body and the event field it becomes. The same table names problems in the
// client's terms, so the mapping is used in both directions.
struct FieldName {
  const char* request_field;
  const char* event_field;
};

// A request body from a seed's API that becomes an event of this type, e.g. seed 004's order.
struct RequestShape {
  const char* endpoint;        // the POST path that takes it
  const char* schema;          // the body's JSON Schema in proto-schemas/, e.g. "api/order_request.v1.json"
  const char* telltale_field;  // when the endpoint is shared: the field only this shape has; else nullptr
  int schema_version;          // of the event it becomes
  std::vector<FieldName> fields;
  std::vector<FieldDefault> defaults;       // event fields filled after the mapping, when still absent
  std::vector<const char*> answer_aliases;  // request names also echoed in the 202 answer (seed 001's payment_id)
};

// Everything orderflow knows about one event type, in one place (libs/events/types/<type>.cpp).
// Its JSON Schemas are proto-schemas/events/<type>.v<N>.json; its tables are created by a
// migration in libs/storage/migrations/.
struct EventType {
  const char* name;  // the eventType, e.g. "OrderPlaced"
  // Its own POST endpoint on the gateway, e.g. "/orders"; nullptr for a type clients do not publish.
  const char* endpoint;
  // The Kafka key: the first of these fields the event has. Events of one entity share a
  // partition, so they are applied in the order they were accepted.
  std::vector<const char*> key_fields;
  // Ids echoed in the gateway's 202 answer when the event has them.
  std::vector<const char*> answer_fields;
  // What its own endpoint fills in when absent (POST /events fills nothing but the envelope).
  std::vector<FieldDefault> endpoint_defaults;
  // Its RFC 3339 fields besides the envelope's `timestamp`: none may lie too far in the future.
  std::vector<const char*> time_fields;
  // The rules a schema cannot express, for an event that passed its schema.
  void (*check_rules)(const nlohmann::json& event, RuleChecks& checks);
  // Seed APIs' bodies that become this type.
  std::vector<RequestShape> request_shapes;
  // The set-based SQL applying the events of this type staged in `incoming_events` (only new ones are)
  // (libs/storage/src/postgres_event_store.cpp says what that table holds). Runs once per batch.
  const char* storage_effect;
  // nullptr when clients publish the type; else who alone does (the gateway refuses it in
  // POST /events), e.g. "the risk stage".
  const char* published_by = nullptr;
  // For an event a stage derives from another and may derive again after a crash, with inputs
  // that changed meanwhile (RiskAssessed): the first one stored stands, and a later payload under
  // the same id is a duplicate, not a conflict.
  bool first_stands = false;
};

// Every event type, in the order their storage effects run within a batch.
const std::vector<const EventType*>& event_types();
// nullptr for a type orderflow does not know.
const EventType* find_event_type(std::string_view name);

}  // namespace orderflow::events
