#include "orderflow/storage/postgres_event_store.h"

#include <chrono>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_set>

#include "orderflow/common/failure.h"
#include "orderflow/common/logger.h"
#include "orderflow/events/contract.h"
#include "orderflow/events/event_type.h"
#include "orderflow/json/exact_json.h"
#include "orderflow/postgres/connection_pool.h"
#include "orderflow/postgres/text_array.h"

namespace orderflow::storage {
namespace {

// The batch's new events are first copied (COPY, the cheapest way into PostgreSQL) into this
// session's staging table; every statement below reads them from there, so each payload is parsed
// into jsonb once. Rows go away at commit or rollback.
constexpr const char* kCreateStaging = R"(
  CREATE TEMPORARY TABLE IF NOT EXISTS incoming_events (
    position integer NOT NULL, event_id text NOT NULL, event_type text NOT NULL, payload jsonb NOT NULL,
    source_topic text NOT NULL, source_partition integer NOT NULL, source_offset bigint NOT NULL,
    trace_id text NOT NULL
  ) ON COMMIT DELETE ROWS)";

constexpr const char* kStagingColumns =
    "position, event_id, event_type, payload, source_topic, source_partition, source_offset, trace_id";

// Serializes the transactions that apply records of the same Kafka partition. Normally one
// consumer owns a partition, but after a rebalance the previous owner may still be committing the
// batch the new owner is applying. The inbox's primary key catches that only inside one day's
// partition (see migration 009); with this lock, the second transaction waits for the first and
// then finds its events in the inbox, whichever day each was stamped with. Locks are taken in one
// order, so two batches cannot deadlock on them.
constexpr const char* kLockSourcePartitionsName = "lock_source_partitions";
constexpr const char* kLockSourcePartitions = R"(
  SELECT pg_advisory_xact_lock(hashtextextended(source_topic || '/' || source_partition, 0))
  FROM (SELECT DISTINCT source_topic, source_partition FROM incoming_events ORDER BY 1, 2) AS sources)";

// The staged ids the inbox already holds. The inbox is partitioned by day, so its primary key
// (event_id, processed_on) cannot see an event applied on an earlier day: the ids are looked up in
// every live partition. As one array, each partition answers them in a single index scan (the
// staging table has no statistics, so a join the planner chose freely could scan the whole inbox;
// a lookup per staged row costs an executor restart per row and partition).
//
// The partitions of the days ahead (made in advance by orderflow_inbox_maintain) are empty, yet
// probing each one for every staged id cost as much as probing today's: all but tomorrow's are
// pruned. An event is stamped with the UTC day its inserting transaction started, and every
// transaction this lookup must see started before this statement (the lock above orders those of
// the same Kafka partition; the others committed earlier), so no stamp it must find lies after
// this statement's day on a clock that only moves forward. Tomorrow is probed too, the margin for
// a clock stepped back (a correction, a failover to a server whose clock is behind) by up to a
// day across midnight. kInboxDaysProbed keeps kFindConflicting to the same partitions.
constexpr const char* kInboxDaysProbed = "processed_on <= ((statement_timestamp() AT TIME ZONE 'UTC')::date + 1)";

constexpr const char* kFindEarlierName = "find_earlier";
const std::string kFindEarlier = std::string(R"(
  SELECT DISTINCT event_id FROM processed_events
  WHERE event_id = ANY (ARRAY(SELECT event_id FROM incoming_events))
    AND )") + kInboxDaysProbed;

// Of the ids kFindEarlier found ($1; only redeliveries, so rarely run), those the inbox holds with
// another payload. The comparison leaves out `timestamp`, the time the envelope was made, so the
// same event re-sent by its producer is not taken for a different one.
const std::string kFindConflicting = std::string(R"(
  SELECT incoming.event_id
  FROM incoming_events AS incoming
  CROSS JOIN LATERAL (
    SELECT payload FROM processed_events
    WHERE processed_events.event_id = incoming.event_id AND )") +
                                     kInboxDaysProbed + R"(
    LIMIT 1) AS stored
  WHERE incoming.event_id = ANY ($1::text[])
    AND (stored.payload - 'timestamp') IS DISTINCT FROM (incoming.payload - 'timestamp'))";

// Unstages the ids kFindEarlier found ($1), and only those: the effects apply whatever is staged.
// An id another transaction commits after that lookup stays staged and meets the inbox's key.
constexpr const char* kUnstageEarlier = "DELETE FROM incoming_events WHERE event_id = ANY ($1::text[])";

// Every staged event is new, and the lock above keeps another consumer of the same Kafka partition
// from inserting the same ids meanwhile, so a plain INSERT suffices (no speculative ON CONFLICT
// insertion per row). The one way it can still meet an existing key, the same id arriving on two
// Kafka partitions at once and applied the same day, fails the transaction, and the batch's retry
// finds the id in the inbox. (Applied on two days, the copies land in two partitions: README,
// "The deduplication window".)
constexpr const char* kRecordInInboxName = "record_in_inbox";
constexpr const char* kRecordInInbox = R"(
  INSERT INTO processed_events
    (event_id, event_type, payload, source_topic, source_partition, source_offset, trace_id)
  SELECT event_id, event_type, payload, source_topic, source_partition, source_offset, nullif(trace_id, '')
  FROM incoming_events)";

// Creates today's and tomorrow's inbox partitions and drops those past the retention.
constexpr const char* kMaintainInbox = "SELECT orderflow_inbox_maintain($1)";

// The name of a type's storage effect as a prepared statement.
std::string effect_statement(const events::EventType& type) {
  return "effect_" + std::string(type.name);
}

// Copies the events (their ids distinct: apply() keeps the first copy of each) into the staging table.
void stage(pqxx::work& txn, const std::vector<const IncomingEvent*>& events) {
  pqxx::stream_to copy(txn, std::string("incoming_events (") + kStagingColumns + ")");
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = *events[i];
    copy << std::make_tuple(i, e.event_id, e.event_type, e.payload, e.topic, e.partition, e.offset, e.trace_id);
  }
  copy.complete();
}

}  // namespace

pqxx::connection& PostgresEventStore::connection() {
  if (!connection_ || !connection_->is_open()) {
    connection_ = std::make_unique<pqxx::connection>(dsn_);
    pqxx::nontransaction(*connection_).exec(kCreateStaging);
    // Planned once per session instead of once per batch: with the small batches of a live
    // pipeline, planning the lookup cost three times as much as running it, and the effects half
    // as much. A plan is made for the staging table's size as the planner sees it, and it sees at
    // least 10 pages (~400 rows) in a table never vacuumed, which a temporary one never is; so the
    // effects' joins of staged rows are hash joins whatever the first batch was, and they stay
    // right for a batch of 5,000 (checked with EXPLAIN ANALYZE). PostgreSQL plans again after any
    // DDL or ANALYZE of the tables a statement reads.
    connection_->prepare(kLockSourcePartitionsName, kLockSourcePartitions);
    connection_->prepare(kFindEarlierName, kFindEarlier);
    connection_->prepare(kRecordInInboxName, kRecordInInbox);
    for (const auto* type : events::event_types()) {
      if (type->storage_effect) connection_->prepare(effect_statement(*type), type->storage_effect);
    }
  }
  return *connection_;
}

// On the first batch of each UTC day (by this process's clock), before the batch's own
// transaction. The partitions are made days ahead, so a skew between this clock and PostgreSQL's
// never leaves an insert without its day. A failure (the parent table busy beyond the lock
// timeout, say) costs nothing now: it is logged and tried again a minute later.
void PostgresEventStore::maintain_inbox_daily() {
  const auto now = std::chrono::system_clock::now();
  const auto today = std::chrono::floor<std::chrono::days>(now);
  if (today == last_maintained_day_ || now < next_maintenance_attempt_) return;
  try {
    pqxx::nontransaction txn(connection());
    for (const auto& row : txn.exec_params(kMaintainInbox, inbox_retention_days_)) {
      log::info("inbox partition dropped: past the retention",
                {{"partition", row[0].c_str()}, {"retention_days", std::to_string(inbox_retention_days_)}});
    }
    last_maintained_day_ = today;
  } catch (const pqxx::broken_connection&) {
    connection_.reset();
    next_maintenance_attempt_ = now + std::chrono::minutes(1);
  } catch (const std::exception& e) {
    log::warn("inbox maintenance failed; trying again in a minute", {{"error", e.what()}});
    next_maintenance_attempt_ = now + std::chrono::minutes(1);
  }
}

namespace {

bool is_missing_inbox_partition(const std::exception& e) {
  const auto* failure = dynamic_cast<const pqxx::sql_error*>(&e);
  return failure && failure->sqlstate() == "23514" &&
         std::string_view(failure->what()).find("no partition of relation") != std::string_view::npos;
}

}  // namespace

ApplyResult PostgresEventStore::apply(const std::vector<IncomingEvent>& events) {
  ApplyResult result;
  // A type without a storage effect would be recorded as processed and do nothing: refused
  // instead. Of two copies of one id only the first is staged; the second is its duplicate.
  std::vector<const IncomingEvent*> staged;
  std::unordered_set<std::string_view> staged_ids;
  for (const auto& event : events) {
    const auto* type = events::find_event_type(event.event_type);
    if (!type || !type->storage_effect) {
      result.without_effect.push_back(event.event_id);
    } else if (staged_ids.insert(event.event_id).second) {
      staged.push_back(&event);
    } else {
      result.duplicates.push_back(event.event_id);
    }
  }
  if (staged.empty()) return result;
  try {
    maintain_inbox_daily();
    pqxx::work txn(connection());
    stage(txn, staged);
    txn.exec_prepared(kLockSourcePartitionsName);
    std::vector<std::string> found;
    for (const auto& row : txn.exec_prepared(kFindEarlierName)) found.emplace_back(row[0].c_str());
    const std::unordered_set<std::string> earlier(found.begin(), found.end());
    std::unordered_set<std::string> conflicting;
    if (!found.empty()) {
      const std::string ids = postgres::text_array(found);
      for (const auto& row : txn.exec_params(kFindConflicting, ids)) conflicting.insert(row[0].c_str());
      txn.exec_params(kUnstageEarlier, ids);
    }
    try {
      txn.exec_prepared(kRecordInInboxName);
    } catch (const pqxx::unique_violation& e) {
      // Not the batch's fault: a concurrent transaction applied one of its ids first; the retry
      // finds it in the inbox.
      throw Unavailable(std::string("event applied concurrently: ") + e.what());
    }

    std::set<std::string_view> types;
    for (const auto* event : staged) {
      if (earlier.count(event->event_id)) {
        const bool conflict =
            conflicting.count(event->event_id) && !events::find_event_type(event->event_type)->first_stands;
        (conflict ? result.conflicts : result.duplicates).push_back(event->event_id);
        continue;
      }
      result.applied.push_back(event->event_id);
      types.insert(event->event_type);
    }
    // Each type's effect (libs/events/types/) applies the staged events of its type, in arrival order.
    for (const auto* type : events::event_types()) {
      if (type->storage_effect && types.count(type->name)) txn.exec_prepared(effect_statement(*type));
    }
    txn.commit();
  } catch (const pqxx::broken_connection& e) {
    connection_.reset();
    throw Unavailable(std::string("PostgreSQL unavailable: ") + e.what());
  } catch (const std::exception& e) {
    if (postgres::is_transient(e)) throw Unavailable(std::string("PostgreSQL unavailable: ") + e.what());
    // Not the batch's fault: its day has no inbox partition yet. Retried after maintenance.
    if (is_missing_inbox_partition(e)) {
      last_maintained_day_ = {};
      next_maintenance_attempt_ = {};
      throw Unavailable(std::string("inbox partition missing: ") + e.what());
    }
    // Any other SQL error is about the statement's data: the same batch fails the same way again.
    if (dynamic_cast<const pqxx::sql_error*>(&e)) throw MessageRefused(events::reason::kApplyFailed, e.what());
    throw;
  }
  return result;
}

}  // namespace orderflow::storage
