#pragma once

#include <memory>
#include <pqxx/pqxx>
#include <string>

#include "orderflow/storage/event_store.h"

namespace orderflow::storage {

// EventStore on PostgreSQL: one transaction per batch, set-based statements (one per table, not
// one per event), the batch passed as a single jsonb parameter so amounts stay exact numerics.
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
