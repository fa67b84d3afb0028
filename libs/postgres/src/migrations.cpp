#include "orderflow/postgres/migrations.h"

#include <algorithm>

#include "orderflow/common/logger.h"

namespace orderflow::postgres {
namespace {

// Any constant will do, as long as every orderflow process uses the same one.
constexpr const char* kLock = "SELECT pg_advisory_lock(7958552254010423415)";
constexpr const char* kUnlock = "SELECT pg_advisory_unlock(7958552254010423415)";

constexpr const char* kCreateVersionTable = R"(
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  ))";

constexpr const char* kIsApplied = "SELECT 1 FROM schema_migrations WHERE version = $1";
constexpr const char* kRecordApplied = "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)";

void exec_alone(pqxx::connection& connection, const std::string& sql) {
  pqxx::nontransaction session(connection);
  session.exec(sql);
}

int apply_missing(pqxx::connection& connection, const std::vector<Migration>& ordered) {
  exec_alone(connection, kCreateVersionTable);
  int applied = 0;
  for (const auto& migration : ordered) {
    pqxx::work txn(connection);
    if (!txn.exec_params(kIsApplied, migration.version).empty()) continue;
    txn.exec(migration.sql);
    txn.exec_params(kRecordApplied, migration.version, migration.name);
    txn.commit();
    ++applied;
    log::info("applied schema migration", {{"version", migration.version}, {"name", migration.name}});
  }
  return applied;
}

}  // namespace

int migrate(pqxx::connection& connection, const std::vector<Migration>& migrations) {
  std::vector<Migration> ordered = migrations;
  std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.version < b.version; });

  exec_alone(connection, kLock);
  int applied = 0;
  try {
    applied = apply_missing(connection, ordered);
  } catch (...) {
    exec_alone(connection, kUnlock);
    throw;
  }
  exec_alone(connection, kUnlock);
  return applied;
}

}  // namespace orderflow::postgres
