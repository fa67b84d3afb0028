#include "orderflow/storage/settings.h"

namespace orderflow::storage {

std::string read_database_url(Settings& settings) {
  return settings.secret("DATABASE_URL", "postgresql://orderflow@127.0.0.1:5432/orderflow",
                         "PostgreSQL connection URI (libpq syntax; ?sslmode=verify-full&sslrootcert=FILE for TLS)");
}

}  // namespace orderflow::storage
