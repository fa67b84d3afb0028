// OrderPlaced: an order with its lines. Schemas: proto-schemas/events/order_placed.v1.json and
// .v2.json; seed 004's POST /order body: proto-schemas/api/order_request.v1.json.
#include "orderflow/events/contract.h"
#include "orderflow/events/event_type.h"
#include "orderflow/json/exact_json.h"

#include "rule_checks.h"

namespace orderflow::events::types {
namespace {

// Every line's price and quantity are valid, and a total with lines equals their sum.
void check_order(const nlohmann::json& event, RuleChecks& checks) {
  const std::string currency = event["currency"];
  const auto digits = checks.currency(event, "currency");
  const auto total = checks.amount("totalAmount", event["totalAmount"], digits, currency);
  std::optional<Decimal> sum = Decimal();
  const auto& items = event["items"];
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string path = "items[" + std::to_string(i) + "]";
    checks.quantity(path + ".quantity", items[i]["quantity"]);
    const auto price = checks.amount(path + ".price", items[i]["price"], digits, currency);
    const auto quantity = exact_json::to_decimal(items[i]["quantity"]);
    if (sum && price && quantity) {
      const auto line = price->times(*quantity);
      sum = line ? sum->plus(*line) : std::nullopt;
      // Every line is a valid amount, yet their sum is beyond exact arithmetic: it cannot equal
      // any total orderflow stores, so the order is refused rather than left unchecked.
      if (!sum) {
        checks.add("totalAmount", reason::kTotalMismatch, "the items add up to more than orderflow can total exactly");
      }
    } else {
      sum.reset();
    }
  }
  if (!items.empty() && total && sum && *sum != *total) {
    checks.add("totalAmount", reason::kTotalMismatch,
               "is " + total->to_string() + " but the items add up to " + sum->to_string());
  }
}

}  // namespace

extern const EventType kOrderPlaced{
    .name = "OrderPlaced",
    .endpoint = "/orders",
    .key_fields = {"orderId"},
    .answer_fields = {"userId", "orderId"},
    .endpoint_defaults = {{"orderId", Fill::kNewId}, {"items", Fill::kEmptyList}, {"placedAt", Fill::kNow}},
    .time_fields = {"placedAt"},
    .check_rules = check_order,
    .request_shapes = {{
        // Seed 004: {"id","user_id","total","status","timestamp"}; its currency is the gateway's default.
        .endpoint = "/order",
        .schema = "api/order_request.v1.json",
        .telltale_field = nullptr,
        .schema_version = 2,
        .fields = {{"id", "orderId"},
                   {"user_id", "userId"},
                   {"total", "totalAmount"},
                   {"status", "status"},
                   {"timestamp", "placedAt"}},
        .defaults = {{"currency", Fill::kDefaultCurrency}, {"items", Fill::kEmptyList}},
        .answer_aliases = {},
    }},
    // The first placement of an order id wins, lines included; a later OrderPlaced for the same id
    // changes nothing.
    .storage_effect = R"(
      INSERT INTO orders (order_id, user_id, total_amount, currency, status, placed_at, lines, created_event_id)
      SELECT e->>'orderId', e->>'userId', (e->>'totalAmount')::numeric, e->>'currency',
             coalesce(e->>'status', 'placed'), (e->>'placedAt')::timestamptz,
             -- Stored as sent, once every line has been cast as the line columns were (an
             -- integer quantity, a numeric price, a sku): a line PostgreSQL cannot store fails
             -- the batch (a cast, or NULL into `lines`), and the poison event is isolated, rather
             -- than being kept and failing every read of its order.
             CASE WHEN (SELECT bool_and(line->>'sku' IS NOT NULL AND (line->>'quantity')::numeric::integer IS NOT NULL
                                        AND (line->>'price')::numeric IS NOT NULL)
                        FROM jsonb_array_elements(coalesce(e->'items', '[]')) AS line) IS NOT FALSE
                  THEN coalesce(e->'items', '[]') END,
             e->>'eventId'
      FROM incoming_events AS batch(position, event_id, event_type, e)
      WHERE batch.event_type = 'OrderPlaced'
      ORDER BY position
      ON CONFLICT (order_id) DO NOTHING)",
};

}  // namespace orderflow::events::types
