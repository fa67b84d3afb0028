#pragma once

#include <vector>

#include "orderflow/postgres/migrations.h"

namespace orderflow::storage {

// The SQL files in libs/storage/migrations, compiled into the binary so a service needs nothing
// beside itself to bring a database up to date.
const std::vector<postgres::Migration>& migrations();

}  // namespace orderflow::storage
