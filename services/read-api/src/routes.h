#pragma once

#include <functional>
#include <string>

#include "orderflow/http/server.h"
#include "orderflow/postgres/connection_pool.h"

namespace orderflow::read_api {

// GET /users/{id}, GET /orders/{id}, GET /inventory/{sku}, GET /products/{sku}, answered from PostgreSQL via `pool`,
// and GET /events/{id}: persisted or dead-lettered from PostgreSQL, else accepted when `accepted`
// (the gateway's notes in Redis) knows the id. With a `guard` every route needs an API key.
void add_routes(http::Server& server, postgres::ConnectionPool& pool,
                std::function<bool(const std::string& event_id)> accepted, http::Server::Guard guard = nullptr);

}  // namespace orderflow::read_api
