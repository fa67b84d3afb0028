#include "orderflow/storage/postgres_event_store.h"

#include <set>
#include <tuple>
#include <unordered_set>

#include "orderflow/common/failure.h"
#include "orderflow/json/exact_json.h"
#include "orderflow/postgres/connection_pool.h"

namespace orderflow::storage {
namespace {

// The batch is first copied (COPY, the cheapest way into PostgreSQL) into this session's staging
// table; every statement below reads it from there, so each payload is parsed into jsonb once.
// Rows go away at commit or rollback.
constexpr const char* kCreateStaging = R"(
  CREATE TEMPORARY TABLE IF NOT EXISTS incoming_events (
    position integer NOT NULL, event_id text NOT NULL, event_type text NOT NULL, payload jsonb NOT NULL,
    source_topic text NOT NULL, source_partition integer NOT NULL, source_offset bigint NOT NULL,
    trace_id text NOT NULL, fresh boolean NOT NULL DEFAULT false
  ) ON COMMIT DELETE ROWS)";

constexpr const char* kStagingColumns =
    "position, event_id, event_type, payload, source_topic, source_partition, source_offset, trace_id";

// Records the staged events in the inbox and marks the new ones `fresh` (only those get their
// effects). Answers only for the events that were not new: whether the inbox holds them with
// another payload. The comparison leaves out `timestamp`, the time the envelope was made, so the
// same event re-sent by its producer is not taken for a different one. (The final SELECT sees
// processed_events as it was before this statement's INSERT.)
constexpr const char* kRecordInInbox = R"(
  WITH inserted AS (
    INSERT INTO processed_events
      (event_id, event_type, payload, source_topic, source_partition, source_offset, trace_id)
    SELECT event_id, event_type, payload, source_topic, source_partition, source_offset, nullif(trace_id, '')
    FROM incoming_events ORDER BY position
    ON CONFLICT (event_id) DO NOTHING
    RETURNING event_id),
  marked AS (
    UPDATE incoming_events SET fresh = true FROM inserted WHERE incoming_events.event_id = inserted.event_id)
  SELECT incoming.event_id, (earlier.payload - 'timestamp') IS DISTINCT FROM (incoming.payload - 'timestamp') AS conflict
  FROM incoming_events AS incoming
  CROSS JOIN LATERAL (
    -- LIMIT keeps this a primary-key lookup per staged event: the staging table has no statistics,
    -- and a join the planner may choose freely can scan the whole inbox instead.
    SELECT payload FROM processed_events WHERE processed_events.event_id = incoming.event_id LIMIT 1) AS earlier)";

// Each statement below applies the fresh staged events of one type, in arrival order.

// The first UserCreated of a user id wins.
constexpr const char* kInsertUsers = R"(
  INSERT INTO users (user_id, email, first_name, last_name, created_at, created_event_id)
  SELECT e->>'userId', e->>'email', e->>'firstName', e->>'lastName', (e->>'createdAt')::timestamptz, e->>'eventId'
  FROM incoming_events AS batch(position, event_id, event_type, e) WHERE batch.fresh AND batch.event_type = 'UserCreated'
  ORDER BY position
  ON CONFLICT (user_id) DO NOTHING)";

// The first placement of an order id wins, lines included; a later OrderPlaced for the same id
// changes nothing.
constexpr const char* kInsertOrders = R"(
  WITH placed AS (
    INSERT INTO orders (order_id, user_id, total_amount, currency, status, placed_at, created_event_id)
    SELECT e->>'orderId', e->>'userId', (e->>'totalAmount')::numeric, e->>'currency',
           coalesce(e->>'status', 'placed'), (e->>'placedAt')::timestamptz, e->>'eventId'
    FROM incoming_events AS batch(position, event_id, event_type, e) WHERE batch.fresh AND batch.event_type = 'OrderPlaced'
    ORDER BY position
    ON CONFLICT (order_id) DO NOTHING
    RETURNING order_id, created_event_id)
  INSERT INTO order_items (order_id, line_number, sku, quantity, unit_price)
  SELECT placed.order_id, line.number, line.item->>'sku', (line.item->>'quantity')::numeric::integer,
         (line.item->>'price')::numeric
  FROM placed
  JOIN incoming_events AS batch ON batch.event_id = placed.created_event_id
  CROSS JOIN LATERAL jsonb_array_elements(batch.payload->'items') WITH ORDINALITY AS line(item, number))";

// A payment only moves forward: a late or replayed event with an older settledAt, or the same
// time and a lower status rank, changes nothing. Within a batch the most advanced event per
// payment is the one written (ON CONFLICT may touch each row once per statement).
constexpr const char* kUpsertPayments = R"(
  INSERT INTO payments (payment_id, order_id, customer_id, merchant_id, amount, currency, payment_method,
                        status, settled_at, last_event_id)
  SELECT DISTINCT ON (e->>'paymentId')
         e->>'paymentId', e->>'orderId', e->>'customerId', e->>'merchantId', (e->>'amount')::numeric,
         e->>'currency', e->>'paymentMethod', e->>'status', (e->>'settledAt')::timestamptz, e->>'eventId'
  FROM incoming_events AS batch(position, event_id, event_type, e) WHERE batch.fresh AND batch.event_type = 'PaymentSettled'
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
  FROM incoming_events AS batch(position, event_id, event_type, e)
  WHERE batch.fresh AND batch.event_type = 'InventoryAdjusted'
  GROUP BY e->>'sku'
  ORDER BY e->>'sku'  -- rows locked in one order by every transaction: concurrent ones cannot deadlock
  ON CONFLICT (sku) DO UPDATE SET quantity = inventory.quantity + EXCLUDED.quantity, updated_at = now())";

// Which statement applies the events of each type.
const std::pair<const char*, const char*> kEffects[] = {
    {"UserCreated", kInsertUsers},
    {"OrderPlaced", kInsertOrders},
    {"PaymentSettled", kUpsertPayments},
    {"InventoryAdjusted", kApplyInventory},
};

void stage(pqxx::work& txn, const std::vector<IncomingEvent>& events) {
  pqxx::stream_to copy(txn, std::string("incoming_events (") + kStagingColumns + ")");
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    copy << std::make_tuple(i, e.event_id, e.event_type, e.payload, e.topic, e.partition, e.offset, e.trace_id);
  }
  copy.complete();
}

}  // namespace

pqxx::connection& PostgresEventStore::connection() {
  if (!connection_ || !connection_->is_open()) {
    connection_ = std::make_unique<pqxx::connection>(dsn_);
    pqxx::nontransaction(*connection_).exec(kCreateStaging);
  }
  return *connection_;
}

ApplyResult PostgresEventStore::apply(const std::vector<IncomingEvent>& events) {
  ApplyResult result;
  if (events.empty()) return result;
  try {
    pqxx::work txn(connection());
    stage(txn, events);
    std::unordered_set<std::string> seen, conflicting;
    for (const auto& row : txn.exec(kRecordInInbox)) {
      seen.insert(row[0].c_str());
      if (row[1].as<bool>()) conflicting.insert(row[0].c_str());
    }

    std::set<std::string> types;
    for (const auto& event : events) {
      if (seen.count(event.event_id)) {
        (conflicting.count(event.event_id) ? result.conflicts : result.duplicates).push_back(event.event_id);
        continue;
      }
      result.applied.push_back(event.event_id);
      types.insert(event.event_type);
    }
    for (const auto& [type, statement] : kEffects) {
      if (types.count(type)) txn.exec(statement);
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
