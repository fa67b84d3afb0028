#pragma once

#include "orderflow/http/server.h"
#include "orderflow/postgres/connection_pool.h"

namespace orderflow::read_api {

// GET /users/{id}, GET /orders/{id}, GET /inventory/{sku}, answered from PostgreSQL via `pool`.
void add_routes(http::Server& server, postgres::ConnectionPool& pool);

}  // namespace orderflow::read_api
