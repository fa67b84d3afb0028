#include "orderflow/storage/database_setup.h"

#include <pqxx/pqxx>
#include <stdexcept>

#include "orderflow/common/logger.h"
#include "orderflow/postgres/connection_pool.h"
#include "orderflow/postgres/migrations.h"
#include "orderflow/storage/schema.h"

namespace orderflow::storage {

bool migrate_when_available(const std::string& dsn, ShutdownSignal& shutdown) {
  while (!shutdown.requested()) {
    try {
      pqxx::connection connection(dsn);
      postgres::migrate(connection, migrations());
      return true;
    } catch (const std::exception& e) {
      if (postgres::is_configuration_error(e)) {
        throw std::runtime_error(std::string("PostgreSQL refused the connection; check DATABASE_URL: ") + e.what());
      }
      if (!postgres::is_transient(e)) throw;
      log::warn("PostgreSQL unavailable; retrying", {{"error", e.what()}});
      shutdown.wait_for(std::chrono::seconds(1));
    }
  }
  return false;
}

}  // namespace orderflow::storage
