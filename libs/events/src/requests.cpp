#include "orderflow/events/requests.h"

namespace orderflow::events {
namespace {

nlohmann::json default_value(const FieldDefault& field, const EventDefaults& defaults) {
  switch (field.fill) {
    case Fill::kNewId:
      return defaults.event_id;
    case Fill::kNow:
      return defaults.now;
    case Fill::kEmptyList:
      return nlohmann::json::array();
    case Fill::kDefaultCurrency:
      return defaults.currency;
    case Fill::kConstant:
      return field.constant;
  }
  return nullptr;
}

void fill(nlohmann::json& event, const char* field, const nlohmann::json& value) {
  if (!event.contains(field)) event[field] = value;
}

void fill_all(nlohmann::json& event, const std::vector<FieldDefault>& fields, const EventDefaults& defaults) {
  for (const auto& field : fields) fill(event, field.field, default_value(field, defaults));
}

}  // namespace

nlohmann::json complete_event(nlohmann::json body, const EventType& type, int schema_version,
                              const EventDefaults& defaults) {
  if (!body.is_object()) return body;  // reported by the contract check
  fill(body, "eventType", type.name);
  fill(body, "eventId", defaults.event_id);
  fill(body, "timestamp", defaults.now);
  fill(body, "schemaVersion", schema_version);
  fill_all(body, type.endpoint_defaults, defaults);
  return body;
}

const RequestShape* find_request_shape(const EventType& type, const std::string& endpoint, const nlohmann::json& body) {
  for (const auto& shape : type.request_shapes) {
    if (endpoint != shape.endpoint) continue;
    if (!shape.telltale_field || (body.is_object() && body.contains(shape.telltale_field))) return &shape;
  }
  return nullptr;
}

nlohmann::json request_to_event(const EventType& type, const RequestShape& shape, const nlohmann::json& body,
                                const EventDefaults& defaults) {
  nlohmann::json event = {
      {"eventId", defaults.event_id},
      {"eventType", type.name},
      {"schemaVersion", shape.schema_version},
      {"timestamp", defaults.now},
  };
  for (const auto& [request_field, event_field] : shape.fields) {
    if (const auto it = body.find(request_field); it != body.end()) event[event_field] = *it;
  }
  fill_all(event, shape.defaults, defaults);
  return event;
}

std::string request_field_name(const RequestShape& shape, const std::string& event_field) {
  for (const auto& [request_field, mapped] : shape.fields) {
    if (event_field == mapped) return request_field;
  }
  return event_field;
}

}  // namespace orderflow::events
