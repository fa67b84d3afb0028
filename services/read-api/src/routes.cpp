#include "routes.h"

#include <functional>
#include <optional>

#include "orderflow/common/logger.h"
#include "orderflow/storage/dead_letter_records.h"
#include "orderflow/storage/queries.h"

#include "views.h"

namespace orderflow::read_api {
namespace {

using Query = std::function<std::optional<nlohmann::json>(pqxx::connection&, const std::string&)>;

// Runs `answer` on a pooled connection; 503 while PostgreSQL is unreachable.
void with_database(postgres::ConnectionPool& pool, http::Response& res,
                   const std::function<void(pqxx::connection&)>& answer) {
  try {
    auto connection = pool.acquire();
    answer(*connection);
  } catch (const std::exception& e) {
    if (!postgres::is_transient(e)) throw;
    log::warn("database unavailable", {{"error", e.what()}});
    res = http::Response{};
    res.set_header("Retry-After", "1");
    http::reply_error(res, 503, "database_unavailable", "the database is unavailable; retry later");
  }
}

// GET <route> answered by `query` with the route's one placeholder: 200, 404 as JSON, or 503 while
// PostgreSQL is unreachable.
void add_lookup(http::Server& server, postgres::ConnectionPool& pool, const std::string& route, const std::string& what,
                Query query, const http::Server::Guard& guard) {
  server.route(
      "GET", route,
      [&pool, what, query](const http::Request& req, http::Response& res) {
        const std::string& id = req.path_params.at(0);
        with_database(pool, res, [&](pqxx::connection& connection) {
          if (auto body = query(connection, id)) {
            http::reply_json(res, 200, *body);
          } else {
            http::reply_error(res, 404, what + "_not_found", "no " + what + " with id '" + id + "'");
          }
        });
      },
      guard);
}

// GET /reviews?status=pending&limit=50&after=<reviewId>: the review queue, oldest first.
void add_review_queue(http::Server& server, postgres::ConnectionPool& pool, const http::Server::Guard& guard) {
  server.route(
      "GET", "/reviews",
      [&pool](const http::Request& req, http::Response& res) {
        const std::string status = req.query_value("status", "pending");
        if (status != "pending" && status != "approved" && status != "rejected") {
          return http::reply_error(
              res, 400, "invalid_request", "status must be pending, approved or rejected",
              {{{"field", "status"}, {"rule", "enum"}, {"message", "pending, approved or rejected"}}});
        }
        const std::string limit_text = req.query_value("limit", "50");
        int limit = 0;
        for (char c : limit_text) limit = (c >= '0' && c <= '9' && limit <= 1000) ? limit * 10 + (c - '0') : 1001;
        if (limit_text.empty() || limit < 1 || limit > 500) {
          return http::reply_error(res, 400, "invalid_request", "limit must be an integer from 1 to 500",
                                   {{{"field", "limit"}, {"rule", "range"}, {"message", "1 to 500"}}});
        }
        const std::string after = req.query_value("after");
        with_database(pool, res, [&](pqxx::connection& connection) {
          const auto reviews = storage::list_reviews(connection, status, limit, after);
          http::reply_json(res, 200, review_queue_view(reviews, static_cast<std::size_t>(limit)));
        });
      },
      guard);
}

}  // namespace

void add_routes(http::Server& server, postgres::ConnectionPool& pool,
                std::function<bool(const std::string& event_id)> accepted, http::Server::Guard guard) {
  add_review_queue(server, pool, guard);
  add_lookup(
      server, pool, "/users/{id}", "user",
      [](pqxx::connection& connection, const std::string& id) -> std::optional<nlohmann::json> {
        if (auto user = storage::find_user(connection, id)) return user_view(*user);
        return std::nullopt;
      },
      guard);
  add_lookup(
      server, pool, "/orders/{id}", "order",
      [](pqxx::connection& connection, const std::string& id) -> std::optional<nlohmann::json> {
        if (auto order = storage::find_order(connection, id)) return order_view(*order);
        return std::nullopt;
      },
      guard);
  add_lookup(
      server, pool, "/inventory/{sku}", "inventory",
      [](pqxx::connection& connection, const std::string& sku) -> std::optional<nlohmann::json> {
        if (auto stock = storage::find_inventory(connection, sku)) return inventory_view(*stock);
        return std::nullopt;
      },
      guard);
  add_lookup(
      server, pool, "/products/{sku}", "product",
      [](pqxx::connection& connection, const std::string& sku) -> std::optional<nlohmann::json> {
        if (auto product = storage::find_product(connection, sku)) return product_view(*product);
        return std::nullopt;
      },
      guard);
  add_lookup(
      server, pool, "/events/{id}", "event",
      [accepted](pqxx::connection& connection, const std::string& id) -> std::optional<nlohmann::json> {
        if (auto status = storage::find_event_status(connection, id)) return event_status_view(id, *status);
        if (accepted && accepted(id)) return accepted_event_view(id);
        return std::nullopt;
      },
      guard);
}

}  // namespace orderflow::read_api
