#pragma once

#include <memory>
#include <pqxx/pqxx>
#include <string>

#include "orderflow/storage/event_store.h"

namespace orderflow::storage {

// EventStore on PostgreSQL: one transaction per batch; the batch is COPied into a session-local
// staging table, then set-based statements (one per table, not one per event) apply it. Amounts
// go from the event's JSON text to numeric inside PostgreSQL, so they stay exact.
class PostgresEventStore : public EventStore {
 public:
  explicit PostgresEventStore(std::string dsn) : dsn_(std::move(dsn)) {}
  ApplyResult apply(const std::vector<IncomingEvent>& events) override;

 private:
  pqxx::connection& connection();

  std::string dsn_;
  std::unique_ptr<pqxx::connection> connection_;
};

}  // namespace orderflow::storage
