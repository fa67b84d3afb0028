#include "orderflow/storage/postgres_event_store.h"

#include <chrono>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>

#include "orderflow/common/failure.h"
#include "orderflow/common/logger.h"
#include "orderflow/events/contract.h"
#include "orderflow/events/event_type.h"
#include "orderflow/json/exact_json.h"
#include "orderflow/postgres/connection_pool.h"
#include "orderflow/postgres/text_array.h"

#include "apply_batch.h"

namespace orderflow::storage {
namespace {

// Creates today's and tomorrow's inbox partitions and drops those past the retention.
constexpr const char* kMaintainInbox = "SELECT orderflow_inbox_maintain($1)";

// The batch's columns as the array parameters of detail::kApplyBatch.
struct BatchArrays {
  explicit BatchArrays(const std::vector<const IncomingEvent*>& events) {
    std::size_t payload_bytes = 0;
    for (const auto* e : events) payload_bytes += e->payload.size();
    postgres::ArrayLiteral ids, types, payloads(payload_bytes + payload_bytes / 4), topics, partitions, offsets,
        trace_ids;
    std::set<std::string_view> distinct_types;
    for (const auto* e : events) {
      ids.add(e->event_id);
      types.add(e->event_type);
      payloads.add(e->payload);
      topics.add(e->topic);
      partitions.add(static_cast<long long>(e->partition));
      offsets.add(static_cast<long long>(e->offset));
      trace_ids.add(e->trace_id);
      distinct_types.insert(e->event_type);
    }
    postgres::ArrayLiteral staged_types;
    for (const auto type : distinct_types) staged_types.add(type);
    event_ids = std::move(ids).finish();
    event_types = std::move(types).finish();
    this->payloads = std::move(payloads).finish();
    this->topics = std::move(topics).finish();
    this->partitions = std::move(partitions).finish();
    this->offsets = std::move(offsets).finish();
    this->trace_ids = std::move(trace_ids).finish();
    this->staged_types = std::move(staged_types).finish();
  }
  std::string event_ids, event_types, payloads, topics, partitions, offsets, trace_ids, staged_types;
};

}  // namespace

pqxx::connection& PostgresEventStore::connection() {
  if (connection_ && connection_->is_open()) return *connection_;
  connection_.reset();
  auto fresh = std::make_unique<pqxx::connection>(dsn_);
  // Kept only once set up whole: a session without its function would fail every batch as if the
  // batch were at fault. A failed setup (a read-only server after a failover, a cancel) is the
  // database's, retried like an outage.
  try {
    pqxx::nontransaction setup(*fresh);
    setup.exec(detail::kCreateStaging);
    setup.exec(detail::create_apply_batch_function());
    setup.commit();
    fresh->prepare(detail::kApplyBatchName, detail::kApplyBatch);
  } catch (const pqxx::broken_connection&) {
    throw;
  } catch (const std::exception& e) {
    throw Unavailable(std::string("PostgreSQL session setup failed: ") + e.what());
  }
  connection_ = std::move(fresh);
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
    const BatchArrays arrays(staged);
    // One statement in autocommit: the whole batch is one transaction (detail::kApplyBatch).
    pqxx::nontransaction txn(connection());
    std::unordered_set<std::string> earlier, conflicting;
    for (const auto& row :
         txn.exec_prepared(detail::kApplyBatchName, arrays.event_ids, arrays.event_types, arrays.payloads,
                           arrays.topics, arrays.partitions, arrays.offsets, arrays.trace_ids, arrays.staged_types)) {
      earlier.insert(row[0].c_str());
      if (row[1].as<bool>()) conflicting.insert(row[0].c_str());
    }
    for (const auto* event : staged) {
      if (earlier.count(event->event_id)) {
        const bool conflict =
            conflicting.count(event->event_id) && !events::find_event_type(event->event_type)->first_stands;
        (conflict ? result.conflicts : result.duplicates).push_back(event->event_id);
      } else {
        result.applied.push_back(event->event_id);
      }
    }
  } catch (const pqxx::broken_connection& e) {
    connection_.reset();
    throw Unavailable(std::string("PostgreSQL unavailable: ") + e.what());
  } catch (const std::exception& e) {
    if (postgres::is_transient(e)) throw Unavailable(std::string("PostgreSQL unavailable: ") + e.what());
    // Not the batch's fault: a concurrent transaction applied one of its ids first; the retry
    // finds it in the inbox.
    if (const auto* failure = dynamic_cast<const pqxx::sql_error*>(&e);
        failure && failure->sqlstate() == detail::kAppliedConcurrently) {
      throw Unavailable(e.what());
    }
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
