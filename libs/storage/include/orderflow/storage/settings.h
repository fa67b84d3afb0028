#pragma once

#include <string>

#include "orderflow/common/settings.h"

namespace orderflow::storage {

// DATABASE_URL: the PostgreSQL connection URI every database-using service reads.
std::string read_database_url(Settings& settings);

}  // namespace orderflow::storage
