#include "orderflow/events/requests.h"

namespace orderflow::events {
namespace {

void fill(nlohmann::json& event, const char* field, const nlohmann::json& value) {
  if (!event.contains(field)) event[field] = value;
}

}  // namespace

nlohmann::json complete_event(nlohmann::json body, const std::string& event_type, int schema_version,
                              const EventDefaults& defaults) {
  if (!body.is_object()) return body;  // reported by the contract check
  fill(body, "eventType", event_type);
  fill(body, "eventId", defaults.event_id);
  fill(body, "timestamp", defaults.now);
  fill(body, "schemaVersion", schema_version);
  if (event_type == "UserCreated") {
    fill(body, "userId", defaults.event_id);
    fill(body, "createdAt", defaults.now);
  } else if (event_type == "OrderPlaced") {
    fill(body, "orderId", defaults.event_id);
    fill(body, "items", nlohmann::json::array());
    fill(body, "placedAt", defaults.now);
  } else if (event_type == "PaymentSettled") {
    fill(body, "paymentId", defaults.event_id);
    fill(body, "status", "completed");
    fill(body, "settledAt", defaults.now);
  } else if (event_type == "InventoryAdjusted") {
    fill(body, "adjustedAt", defaults.now);
  }
  return body;
}

nlohmann::json order_request_to_event(const nlohmann::json& body, const std::string& currency,
                                      const EventDefaults& defaults) {
  return {
      {"eventId", defaults.event_id},
      {"eventType", "OrderPlaced"},
      {"schemaVersion", 2},
      {"timestamp", defaults.now},
      {"orderId", body["id"]},
      {"userId", body["user_id"]},
      {"totalAmount", body["total"]},
      {"currency", currency},
      {"status", body["status"]},
      {"items", nlohmann::json::array()},
      {"placedAt", body["timestamp"]},
  };
}

nlohmann::json payment_request_to_event(const nlohmann::json& body, const EventDefaults& defaults) {
  nlohmann::json event = {
      {"eventId", defaults.event_id},
      {"eventType", "PaymentSettled"},
      {"schemaVersion", 1},
      {"timestamp", defaults.now},
      {"paymentId", body.value("payment_id", defaults.event_id)},
      {"customerId", body["customer_id"]},
      {"amount", body["amount"]},
      {"currency", body["currency"]},
      {"status", "completed"},
      {"settledAt", defaults.now},
  };
  if (body.contains("order_id")) event["orderId"] = body["order_id"];
  if (body.contains("merchant_id")) event["merchantId"] = body["merchant_id"];
  if (body.contains("payment_method")) event["paymentMethod"] = body["payment_method"];
  return event;
}

bool is_seed001_payment(const nlohmann::json& body) { return body.is_object() && body.contains("customer_id"); }

}  // namespace orderflow::events
