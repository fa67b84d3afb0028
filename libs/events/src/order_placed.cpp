#include "orderflow/events/order_placed.h"

#include "orderflow/common/time.h"
#include "orderflow/json/exact_json.h"
#include "field_checks.h"

namespace orderflow::events {

std::variant<OrderPlaced, Problems> order_from_request(const nlohmann::json& body, const std::string& currency) {
  Problems problems;
  if (!body.is_object()) return Problems{{"", "type", "the body must be a JSON object"}};
  FieldChecks checks(body, "", problems);
  checks.no_other_fields({"id", "user_id", "total", "status", "timestamp"});

  OrderPlaced order;
  order.order_id = checks.identifier("id");
  order.user_id = checks.identifier("user_id");
  order.total_amount = checks.positive_amount("total");
  order.status = checks.short_text("status", 32);
  order.placed_at = checks.timestamp("timestamp");
  order.currency = currency;
  if (!problems.empty()) return problems;
  return order;
}

std::string to_event_json(const Envelope& envelope, const OrderPlaced& order) {
  const nlohmann::json event = {
      {"eventId", envelope.event_id},
      {"eventType", envelope.event_type},
      {"schemaVersion", envelope.schema_version},
      {"timestamp", envelope.timestamp},
      {"orderId", order.order_id},
      {"userId", order.user_id},
      {"totalAmount", json::decimal_node(order.total_amount)},
      {"currency", order.currency},
      {"status", order.status},
      {"items", nlohmann::json::array()},
      {"placedAt", order.placed_at},
  };
  return json::dump_exact(event);
}

Problems check_order_placed_event(const nlohmann::json& event) {
  Problems problems;
  if (!event.is_object()) return Problems{{"", "type", "an event must be a JSON object"}};
  FieldChecks checks(event, "", problems);
  checks.no_other_fields({"eventId", "eventType", "schemaVersion", "timestamp", "orderId", "userId", "totalAmount",
                          "currency", "status", "items", "placedAt"});
  checks.identifier("eventId");
  checks.identifier("orderId");
  checks.identifier("userId");
  checks.positive_amount("totalAmount");
  checks.currency("currency");
  checks.short_text("status", 32);
  checks.timestamp("timestamp");
  checks.timestamp("placedAt");
  return problems;
}

}  // namespace orderflow::events
