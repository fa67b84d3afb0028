#include "orderflow/storage/order_queries.h"

#include "orderflow/json/exact_json.h"

namespace orderflow::storage {
namespace {

constexpr const char* kSelectOrder = R"(
  SELECT order_id, user_id, total_amount::text, currency, status,
         orderflow_rfc3339(placed_at), orderflow_rfc3339(created_at), orderflow_rfc3339(updated_at)
  FROM orders WHERE order_id = $1)";

}  // namespace

std::optional<nlohmann::json> find_order(pqxx::connection& connection, const std::string& order_id) {
  pqxx::read_transaction txn(connection);
  const pqxx::result rows = txn.exec_params(kSelectOrder, order_id);
  if (rows.empty()) return std::nullopt;
  const auto& row = rows[0];
  const auto amount = Decimal::parse(row[2].c_str());
  return nlohmann::json{
      {"orderId", row[0].c_str()},
      {"userId", row[1].c_str()},
      // The column only ever holds amounts that came in as Decimals, so it parses back.
      {"totalAmount", json::decimal_node(amount.value())},
      {"currency", row[3].c_str()},
      {"status", row[4].c_str()},
      {"placedAt", row[5].c_str()},
      {"createdAt", row[6].c_str()},
      {"updatedAt", row[7].c_str()},
  };
}

}  // namespace orderflow::storage
