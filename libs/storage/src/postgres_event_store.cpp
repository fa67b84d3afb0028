#include "orderflow/storage/postgres_event_store.h"

#include <map>
#include <unordered_set>

#include "orderflow/common/failure.h"
#include "orderflow/json/exact_json.h"
#include "orderflow/postgres/connection_pool.h"

namespace orderflow::storage {
namespace {

// $1 is a jsonb array of {"eventId","eventType","topic","partition","offset","payload"}.
// Answers, per event id, whether it was new (only those get their effects) or, if not, whether
// the inbox holds it with another payload. The hash leaves out `timestamp`, the time the envelope
// was made, so the same event re-sent by its producer is not taken for a different one.
// (The final SELECT sees processed_events as it was before this statement's INSERT.)
constexpr const char* kRecordInInbox = R"(
  WITH incoming AS (
    SELECT e->>'eventId' AS event_id, e->>'eventType' AS event_type, e->'payload' AS payload,
           sha256(convert_to(((e->'payload') - 'timestamp')::text, 'UTF8')) AS payload_sha256,
           e->>'topic' AS topic, (e->>'partition')::integer AS partition, (e->>'offset')::bigint AS "offset",
           nullif(e->>'traceId', '') AS trace_id
    FROM jsonb_array_elements($1::jsonb) AS e),
  inserted AS (
    INSERT INTO processed_events
      (event_id, event_type, payload, payload_sha256, source_topic, source_partition, source_offset, trace_id)
    SELECT event_id, event_type, payload, payload_sha256, topic, partition, "offset", trace_id FROM incoming
    ON CONFLICT (event_id) DO NOTHING
    RETURNING event_id)
  SELECT incoming.event_id, inserted.event_id IS NOT NULL AS fresh,
         inserted.event_id IS NULL AND earlier.payload_sha256 <> incoming.payload_sha256 AS conflict
  FROM incoming
  LEFT JOIN inserted ON inserted.event_id = incoming.event_id
  LEFT JOIN processed_events AS earlier ON earlier.event_id = incoming.event_id)";

// Each statement below takes $1, a jsonb array of the new events of one type in arrival order.

// The first UserCreated of a user id wins.
constexpr const char* kInsertUsers = R"(
  INSERT INTO users (user_id, email, first_name, last_name, created_at, created_event_id)
  SELECT e->>'userId', e->>'email', e->>'firstName', e->>'lastName', (e->>'createdAt')::timestamptz, e->>'eventId'
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS batch(e, position)
  ORDER BY position
  ON CONFLICT (user_id) DO NOTHING)";

// The first placement of an order id wins, lines included; a later OrderPlaced for the same id
// changes nothing.
constexpr const char* kInsertOrders = R"(
  WITH placed AS (
    INSERT INTO orders (order_id, user_id, total_amount, currency, status, placed_at, created_event_id)
    SELECT e->>'orderId', e->>'userId', (e->>'totalAmount')::numeric, e->>'currency',
           coalesce(e->>'status', 'placed'), (e->>'placedAt')::timestamptz, e->>'eventId'
    FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS batch(e, position)
    ORDER BY position
    ON CONFLICT (order_id) DO NOTHING
    RETURNING order_id, created_event_id)
  INSERT INTO order_items (order_id, line_number, sku, quantity, unit_price)
  SELECT placed.order_id, line.number, line.item->>'sku', (line.item->>'quantity')::numeric::integer,
         (line.item->>'price')::numeric
  FROM placed
  JOIN jsonb_array_elements($1::jsonb) AS batch(e) ON batch.e->>'eventId' = placed.created_event_id
  CROSS JOIN LATERAL jsonb_array_elements(batch.e->'items') WITH ORDINALITY AS line(item, number))";

// A payment only moves forward: a late or replayed event with an older settledAt, or the same
// time and a lower status rank, changes nothing. Within a batch the most advanced event per
// payment is the one written (ON CONFLICT may touch each row once per statement).
constexpr const char* kUpsertPayments = R"(
  INSERT INTO payments (payment_id, order_id, customer_id, merchant_id, amount, currency, payment_method,
                        status, settled_at, last_event_id)
  SELECT DISTINCT ON (e->>'paymentId')
         e->>'paymentId', e->>'orderId', e->>'customerId', e->>'merchantId', (e->>'amount')::numeric,
         e->>'currency', e->>'paymentMethod', e->>'status', (e->>'settledAt')::timestamptz, e->>'eventId'
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS batch(e, position)
  ORDER BY e->>'paymentId', (e->>'settledAt')::timestamptz DESC,
           orderflow_payment_status_rank(e->>'status') DESC, position DESC
  ON CONFLICT (payment_id) DO UPDATE SET
    order_id = coalesce(EXCLUDED.order_id, payments.order_id),
    customer_id = coalesce(EXCLUDED.customer_id, payments.customer_id),
    merchant_id = coalesce(EXCLUDED.merchant_id, payments.merchant_id),
    amount = EXCLUDED.amount, currency = EXCLUDED.currency,
    payment_method = coalesce(EXCLUDED.payment_method, payments.payment_method),
    status = EXCLUDED.status, settled_at = EXCLUDED.settled_at, last_event_id = EXCLUDED.last_event_id,
    updated_at = now()
  WHERE (EXCLUDED.settled_at, orderflow_payment_status_rank(EXCLUDED.status))
      > (payments.settled_at, orderflow_payment_status_rank(payments.status)))";

// Each adjustment counts once (only new events reach this statement); several for one SKU in a
// batch are summed first, since ON CONFLICT may touch each row once per statement.
constexpr const char* kApplyInventory = R"(
  INSERT INTO inventory (sku, quantity)
  SELECT e->>'sku',
         sum(CASE e->>'adjustmentType' WHEN 'add' THEN 1 ELSE -1 END * (e->>'quantity')::numeric::bigint)
  FROM jsonb_array_elements($1::jsonb) AS batch(e)
  GROUP BY e->>'sku'
  ON CONFLICT (sku) DO UPDATE SET quantity = inventory.quantity + EXCLUDED.quantity, updated_at = now())";

// Which statement applies the events of each type.
const std::pair<const char*, const char*> kEffects[] = {
    {"UserCreated", kInsertUsers},
    {"OrderPlaced", kInsertOrders},
    {"PaymentSettled", kUpsertPayments},
    {"InventoryAdjusted", kApplyInventory},
};

std::string inbox_rows(const std::vector<IncomingEvent>& events) {
  std::string out = "[";
  for (const auto& event : events) {
    if (out.size() > 1) out += ',';
    nlohmann::json row = {{"eventId", event.event_id},
                          {"eventType", event.event_type},
                          {"topic", event.topic},
                          {"partition", event.partition},
                          {"offset", event.offset},
                          {"traceId", event.trace_id}};
    std::string text = row.dump();
    text.pop_back();  // splice the payload in verbatim: it is already exact JSON
    out += text + ",\"payload\":" + event.payload + "}";
  }
  return out + "]";
}

std::string payload_array(const std::vector<const IncomingEvent*>& events) {
  std::string out = "[";
  for (const auto* event : events) {
    if (out.size() > 1) out += ',';
    out += event->payload;
  }
  return out + "]";
}

}  // namespace

pqxx::connection& PostgresEventStore::connection() {
  if (!connection_ || !connection_->is_open()) connection_ = std::make_unique<pqxx::connection>(dsn_);
  return *connection_;
}

ApplyResult PostgresEventStore::apply(const std::vector<IncomingEvent>& events) {
  ApplyResult result;
  if (events.empty()) return result;
  try {
    pqxx::work txn(connection());
    std::unordered_set<std::string> fresh, conflicting;
    for (const auto& row : txn.exec_params(kRecordInInbox, inbox_rows(events))) {
      if (row[1].as<bool>()) fresh.insert(row[0].c_str());
      if (!row[2].is_null() && row[2].as<bool>()) conflicting.insert(row[0].c_str());
    }

    std::map<std::string, std::vector<const IncomingEvent*>> by_type;
    for (const auto& event : events) {
      if (!fresh.count(event.event_id)) {
        (conflicting.count(event.event_id) ? result.conflicts : result.duplicates).push_back(event.event_id);
        continue;
      }
      result.applied.push_back(event.event_id);
      by_type[event.event_type].push_back(&event);
    }
    for (const auto& [type, statement] : kEffects) {
      if (const auto it = by_type.find(type); it != by_type.end()) txn.exec_params(statement, payload_array(it->second));
    }
    txn.commit();
  } catch (const pqxx::broken_connection& e) {
    connection_.reset();
    throw Unavailable(std::string("PostgreSQL unavailable: ") + e.what());
  } catch (const std::exception& e) {
    if (postgres::is_transient(e)) throw Unavailable(std::string("PostgreSQL unavailable: ") + e.what());
    // Any other SQL error is about the statement's data: the same batch fails the same way again.
    if (dynamic_cast<const pqxx::sql_error*>(&e)) throw MessageRefused("apply_failed", e.what());
    throw;
  }
  return result;
}

}  // namespace orderflow::storage
