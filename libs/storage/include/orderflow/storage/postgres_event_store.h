#pragma once

#include <chrono>
#include <memory>
#include <pqxx/pqxx>
#include <string>

#include "orderflow/storage/event_store.h"

namespace orderflow::storage {

// EventStore on PostgreSQL: one transaction per batch, sent as one statement (a session-local
// function, src/apply_batch.cpp): the batch goes in as arrays, is staged in a session-local table,
// and set-based statements (one per table, not one per event) apply it. Amounts go from the
// event's JSON text to numeric inside PostgreSQL, so they stay exact.
//
// The inbox remembers an event id for `inbox_retention_days` after the day it was applied (the
// deduplication window; migration 009): on its first batch of each day the store drops the older
// partitions and makes the coming days'.
class PostgresEventStore : public EventStore {
 public:
  PostgresEventStore(std::string dsn, int inbox_retention_days)
      : dsn_(std::move(dsn)), inbox_retention_days_(inbox_retention_days) {}
  ApplyResult apply(const std::vector<IncomingEvent>& events) override;

 private:
  pqxx::connection& connection();
  void maintain_inbox_daily();

  std::string dsn_;
  int inbox_retention_days_;
  std::chrono::sys_days last_maintained_day_{};
  std::chrono::system_clock::time_point next_maintenance_attempt_{};
  std::unique_ptr<pqxx::connection> connection_;
};

}  // namespace orderflow::storage
