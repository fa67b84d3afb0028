#pragma once

#include <string>

#include "orderflow/common/shutdown.h"

namespace orderflow::storage {

// Connects to DATABASE_URL and applies the pending migrations, retrying every second while
// PostgreSQL is unreachable (it may start after us). False if shutdown came first. A connection
// refused for its configuration (password, certificate) throws at once: waiting would not fix it.
bool migrate_when_available(const std::string& dsn, ShutdownSignal& shutdown);

}  // namespace orderflow::storage
