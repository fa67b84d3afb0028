// ProductUpserted: a product's reference data as it is now (name, category, price, active).
// Schema: proto-schemas/events/product_upserted.v1.json.
#include "orderflow/events/event_type.h"

#include "rule_checks.h"

namespace orderflow::events::types {
namespace {

void check_product(const nlohmann::json& event, RuleChecks& checks) {
  const auto digits = checks.currency(event, "currency");
  checks.amount("price", event["price"], digits, event["currency"]);
}

}  // namespace

extern const EventType kProductUpserted{
    .name = "ProductUpserted",
    .endpoint = "/products",
    .key_fields = {"sku"},
    .answer_fields = {"sku"},
    .endpoint_defaults = {{"upsertedAt", Fill::kNow}},
    .time_fields = {"upsertedAt"},
    .check_rules = check_product,
    .request_shapes = {},
    // The latest upsertedAt of a SKU wins, whatever order the events arrive or are replayed in; of
    // several in one batch only the latest is written (ON CONFLICT may touch each row once).
    .storage_effect = R"(
      INSERT INTO products (sku, name, category, price, currency, active, upserted_at, event_id)
      SELECT DISTINCT ON (e->>'sku')
             e->>'sku', e->>'name', e->>'category', (e->>'price')::numeric, e->>'currency', (e->>'active')::boolean,
             (e->>'upsertedAt')::timestamptz, e->>'eventId'
      FROM incoming_events AS batch(position, event_id, event_type, e)
      WHERE batch.event_type = 'ProductUpserted'
      ORDER BY e->>'sku', (e->>'upsertedAt')::timestamptz DESC, position DESC
      ON CONFLICT (sku) DO UPDATE SET
        name = EXCLUDED.name, category = EXCLUDED.category, price = EXCLUDED.price, currency = EXCLUDED.currency,
        active = EXCLUDED.active, upserted_at = EXCLUDED.upserted_at, event_id = EXCLUDED.event_id,
        updated_at = now()
      WHERE products.upserted_at <= EXCLUDED.upserted_at)",
};

}  // namespace orderflow::events::types
