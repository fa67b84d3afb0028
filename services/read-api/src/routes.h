#pragma once

#include <functional>
#include <string>

#include "orderflow/http/server.h"
#include "orderflow/postgres/connection_pool.h"

namespace orderflow::read_api {

// GET /users/{id}, GET /orders/{id}, GET /inventory/{sku}, answered from PostgreSQL via `pool`,
// and GET /events/{id}: persisted or dead-lettered from PostgreSQL, else accepted when `accepted`
// (the gateway's notes in Redis) knows the id.
void add_routes(http::Server& server, postgres::ConnectionPool& pool,
                std::function<bool(const std::string& event_id)> accepted);

}  // namespace orderflow::read_api
