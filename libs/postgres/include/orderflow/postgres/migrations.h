#pragma once

#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace orderflow::postgres {

struct Migration {
  int version = 0;
  std::string name;
  std::string sql;
};

// Applies, in version order, every migration not yet recorded in schema_migrations, each in its
// own transaction. Safe to run from several processes at once (an advisory lock serializes them)
// and on every start-up (applied versions are skipped). Returns how many were applied.
int migrate(pqxx::connection& connection, const std::vector<Migration>& migrations);

}  // namespace orderflow::postgres
