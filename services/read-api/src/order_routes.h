#pragma once

#include "orderflow/http/server.h"
#include "orderflow/postgres/connection_pool.h"

namespace orderflow::read_api {

// GET /orders/{id} on `server`, answered from PostgreSQL through `pool`.
void add_order_routes(http::Server& server, postgres::ConnectionPool& pool);

}  // namespace orderflow::read_api
