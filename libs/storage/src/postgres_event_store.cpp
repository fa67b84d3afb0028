#include "orderflow/storage/postgres_event_store.h"

#include <set>
#include <tuple>
#include <unordered_set>

#include "orderflow/common/failure.h"
#include "orderflow/events/contract.h"
#include "orderflow/events/event_type.h"
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
  // A type without a storage effect would be recorded as processed and do nothing: refused instead.
  auto has_effect = [](const IncomingEvent& event) {
    const auto* type = events::find_event_type(event.event_type);
    return type && type->storage_effect;
  };
  std::vector<IncomingEvent> known;
  const std::vector<IncomingEvent>* storable = &events;
  for (const auto& event : events) {
    if (!has_effect(event)) result.without_effect.push_back(event.event_id);
  }
  if (!result.without_effect.empty()) {
    for (const auto& event : events) {
      if (has_effect(event)) known.push_back(event);
    }
    storable = &known;
  }
  if (storable->empty()) return result;
  try {
    pqxx::work txn(connection());
    stage(txn, *storable);
    std::unordered_set<std::string> seen, conflicting;
    for (const auto& row : txn.exec(kRecordInInbox)) {
      seen.insert(row[0].c_str());
      if (row[1].as<bool>()) conflicting.insert(row[0].c_str());
    }

    std::set<std::string> types;
    for (const auto& event : *storable) {
      if (seen.count(event.event_id)) {
        const auto* type = events::find_event_type(event.event_type);
        const bool conflict = conflicting.count(event.event_id) && !type->first_stands;
        (conflict ? result.conflicts : result.duplicates).push_back(event.event_id);
        continue;
      }
      result.applied.push_back(event.event_id);
      types.insert(event.event_type);
    }
    // Each type's effect (libs/events/types/) applies its fresh staged events, in arrival order.
    for (const auto* type : events::event_types()) {
      if (type->storage_effect && types.count(type->name)) txn.exec(type->storage_effect);
    }
    txn.commit();
  } catch (const pqxx::broken_connection& e) {
    connection_.reset();
    throw Unavailable(std::string("PostgreSQL unavailable: ") + e.what());
  } catch (const std::exception& e) {
    if (postgres::is_transient(e)) throw Unavailable(std::string("PostgreSQL unavailable: ") + e.what());
    // Any other SQL error is about the statement's data: the same batch fails the same way again.
    if (dynamic_cast<const pqxx::sql_error*>(&e)) throw MessageRefused(events::reason::kApplyFailed, e.what());
    throw;
  }
  return result;
}

}  // namespace orderflow::storage
