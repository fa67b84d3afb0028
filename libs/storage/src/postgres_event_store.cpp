#include "orderflow/storage/postgres_event_store.h"

#include <unordered_set>

#include "orderflow/json/exact_json.h"

namespace orderflow::storage {
namespace {

// $1 is a jsonb array of {"eventId","eventType","topic","partition","offset","payload"}.
// Returns the ids that were not in the inbox yet: those, and only those, get their effects.
constexpr const char* kRecordInInbox = R"(
  INSERT INTO processed_events
    (event_id, event_type, payload, payload_sha256, source_topic, source_partition, source_offset)
  SELECT e->>'eventId', e->>'eventType', e->'payload', sha256(convert_to((e->'payload')::text, 'UTF8')),
         e->>'topic', (e->>'partition')::integer, (e->>'offset')::bigint
  FROM jsonb_array_elements($1::jsonb) AS e
  ON CONFLICT (event_id) DO NOTHING
  RETURNING event_id)";

// $1 is a jsonb array of OrderPlaced payloads in arrival order. The first placement of an order
// id wins; a later OrderPlaced for the same id changes nothing.
constexpr const char* kInsertOrders = R"(
  INSERT INTO orders (order_id, user_id, total_amount, currency, status, placed_at, created_event_id)
  SELECT e->>'orderId', e->>'userId', (e->>'totalAmount')::numeric, e->>'currency', e->>'status',
         (e->>'placedAt')::timestamptz, e->>'eventId'
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS batch(e, position)
  ORDER BY position
  ON CONFLICT (order_id) DO NOTHING)";

std::string inbox_rows(const std::vector<IncomingEvent>& events) {
  std::string out = "[";
  for (const auto& event : events) {
    if (out.size() > 1) out += ',';
    nlohmann::json row = {{"eventId", event.event_id},
                          {"eventType", event.event_type},
                          {"topic", event.topic},
                          {"partition", event.partition},
                          {"offset", event.offset}};
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
    std::unordered_set<std::string> fresh;
    for (const auto& row : txn.exec_params(kRecordInInbox, inbox_rows(events))) fresh.insert(row[0].c_str());

    std::vector<const IncomingEvent*> orders;
    for (const auto& event : events) {
      if (!fresh.count(event.event_id)) {
        result.duplicates.push_back(event.event_id);
        continue;
      }
      result.applied.push_back(event.event_id);
      if (event.event_type == "OrderPlaced") orders.push_back(&event);
    }
    if (!orders.empty()) txn.exec_params(kInsertOrders, payload_array(orders));
    txn.commit();
  } catch (const pqxx::broken_connection&) {
    connection_.reset();
    throw;
  }
  return result;
}

}  // namespace orderflow::storage
