// InventoryAdjusted: stock of a SKU added or removed. Schema:
// proto-schemas/events/inventory_adjusted.v1.json.
#include "orderflow/events/event_type.h"

#include "rule_checks.h"

namespace orderflow::events::types {
namespace {

void check_adjustment(const nlohmann::json& event, RuleChecks& checks) {
  checks.quantity("quantity", event["quantity"]);
}

}  // namespace

extern const EventType kInventoryAdjusted{
    .name = "InventoryAdjusted",
    .endpoint = "/inventory/adjustments",
    .key_fields = {"sku"},
    .answer_fields = {"sku"},
    .endpoint_defaults = {{"adjustedAt", Fill::kNow}},
    .time_fields = {"adjustedAt"},
    .check_rules = check_adjustment,
    .request_shapes = {},
    // Each adjustment counts once (only new events reach this statement); several for one SKU in a
    // batch are summed first, since ON CONFLICT may touch each row once per statement.
    .storage_effect = R"(
      INSERT INTO inventory (sku, quantity)
      SELECT e->>'sku',
             sum(CASE e->>'adjustmentType' WHEN 'add' THEN 1 ELSE -1 END * (e->>'quantity')::numeric::bigint)
      FROM incoming_events AS batch(position, event_id, event_type, e)
      WHERE batch.event_type = 'InventoryAdjusted'
      GROUP BY e->>'sku'
      ORDER BY e->>'sku'  -- rows locked in one order by every transaction: concurrent ones cannot deadlock
      ON CONFLICT (sku) DO UPDATE SET quantity = inventory.quantity + EXCLUDED.quantity, updated_at = now())",
};

}  // namespace orderflow::events::types
