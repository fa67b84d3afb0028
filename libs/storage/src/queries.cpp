#include "orderflow/storage/queries.h"

#include "orderflow/json/exact_json.h"

namespace orderflow::storage {
namespace {

constexpr const char* kSelectUser = R"(
  SELECT user_id, email, first_name, last_name, orderflow_rfc3339(created_at), orderflow_rfc3339(updated_at)
  FROM users WHERE user_id = $1)";

constexpr const char* kSelectLastOrdersOfUser = R"(
  SELECT order_id, user_id, total_amount::text, currency, status, orderflow_rfc3339(placed_at),
         orderflow_rfc3339(updated_at)
  FROM orders WHERE user_id = $1
  ORDER BY placed_at DESC, order_id
  LIMIT 5)";

constexpr const char* kSelectOrder = R"(
  SELECT order_id, user_id, total_amount::text, currency, status, orderflow_rfc3339(placed_at),
         orderflow_rfc3339(created_at), orderflow_rfc3339(updated_at)
  FROM orders WHERE order_id = $1)";

constexpr const char* kSelectOrderItems = R"(
  SELECT sku, quantity, unit_price::text FROM order_items WHERE order_id = $1 ORDER BY line_number)";

constexpr const char* kSelectLatestPaymentOfOrder = R"(
  SELECT payment_id, amount::text, currency, payment_method, status, orderflow_rfc3339(settled_at)
  FROM payments WHERE order_id = $1
  ORDER BY settled_at DESC, payment_id
  LIMIT 1)";

constexpr const char* kSelectInventory = R"(
  SELECT sku, quantity, orderflow_rfc3339(updated_at) FROM inventory WHERE sku = $1)";

// Columns only ever hold amounts that came in as Decimals, so they parse back.
nlohmann::json amount(const pqxx::field& field) { return exact_json::decimal_node(Decimal::parse(field.c_str()).value()); }

nlohmann::json order_summary(const pqxx::row& row) {
  return {{"orderId", row[0].c_str()},  {"userId", row[1].c_str()}, {"totalAmount", amount(row[2])},
          {"currency", row[3].c_str()}, {"status", row[4].c_str()}, {"placedAt", row[5].c_str()},
          {"updatedAt", row[6].c_str()}};
}

}  // namespace

std::optional<nlohmann::json> find_user(pqxx::connection& connection, const std::string& user_id) {
  pqxx::read_transaction txn(connection);
  const pqxx::result users = txn.exec_params(kSelectUser, user_id);
  if (users.empty()) return std::nullopt;
  const auto& u = users[0];
  nlohmann::json orders = nlohmann::json::array();
  for (const auto& row : txn.exec_params(kSelectLastOrdersOfUser, user_id)) orders.push_back(order_summary(row));
  return nlohmann::json{{"userId", u[0].c_str()},    {"email", u[1].c_str()},     {"firstName", u[2].c_str()},
                        {"lastName", u[3].c_str()},  {"createdAt", u[4].c_str()}, {"updatedAt", u[5].c_str()},
                        {"orders", std::move(orders)}};
}

std::optional<nlohmann::json> find_order(pqxx::connection& connection, const std::string& order_id) {
  pqxx::read_transaction txn(connection);
  const pqxx::result rows = txn.exec_params(kSelectOrder, order_id);
  if (rows.empty()) return std::nullopt;
  const auto& row = rows[0];
  nlohmann::json order = {{"orderId", row[0].c_str()},   {"userId", row[1].c_str()},
                          {"totalAmount", amount(row[2])}, {"currency", row[3].c_str()},
                          {"status", row[4].c_str()},      {"placedAt", row[5].c_str()},
                          {"createdAt", row[6].c_str()},   {"updatedAt", row[7].c_str()}};
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : txn.exec_params(kSelectOrderItems, order_id)) {
    items.push_back({{"sku", item[0].c_str()}, {"quantity", item[1].as<long>()}, {"price", amount(item[2])}});
  }
  order["items"] = std::move(items);
  const pqxx::result payments = txn.exec_params(kSelectLatestPaymentOfOrder, order_id);
  if (!payments.empty()) {
    const auto& p = payments[0];
    order["payment"] = {{"paymentId", p[0].c_str()}, {"amount", amount(p[1])}, {"currency", p[2].c_str()},
                        {"paymentMethod", p[3].is_null() ? nlohmann::json() : nlohmann::json(p[3].c_str())},
                        {"status", p[4].c_str()}, {"settledAt", p[5].c_str()}};
  }
  return order;
}

std::optional<nlohmann::json> find_inventory(pqxx::connection& connection, const std::string& sku) {
  pqxx::read_transaction txn(connection);
  const pqxx::result rows = txn.exec_params(kSelectInventory, sku);
  if (rows.empty()) return std::nullopt;
  return nlohmann::json{{"sku", rows[0][0].c_str()}, {"quantity", rows[0][1].as<long long>()},
                        {"updatedAt", rows[0][2].c_str()}};
}

}  // namespace orderflow::storage
