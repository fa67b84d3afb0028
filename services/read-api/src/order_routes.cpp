#include "order_routes.h"

#include "orderflow/common/logger.h"
#include "orderflow/storage/order_queries.h"

namespace orderflow::read_api {

void add_order_routes(http::Server& server, postgres::ConnectionPool& pool) {
  server.route("GET", R"(/orders/([^/]+))", "/orders/{id}", [&pool](const httplib::Request& req, httplib::Response& res) {
    const std::string order_id = req.matches[1];
    try {
      auto connection = pool.acquire();
      if (auto order = storage::find_order(*connection, order_id)) {
        http::reply_exact_json(res, 200, *order);
      } else {
        http::reply_error(res, 404, "order_not_found", "no order with id '" + order_id + "'");
      }
    } catch (const std::exception& e) {
      if (!postgres::is_transient(e)) throw;
      log::warn("database unavailable", {{"error", e.what()}});
      res.set_header("Retry-After", "1");
      http::reply_error(res, 503, "database_unavailable", "the database is unavailable; retry later");
    }
  });
}

}  // namespace orderflow::read_api
