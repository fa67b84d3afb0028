#include "orderflow/storage/queries.h"

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

// An order's lines are the jsonb array its OrderPlaced carried (migration 010), in the order sent.
constexpr const char* kSelectOrderItems = R"(
  SELECT line.item->>'sku', (line.item->>'quantity')::numeric::integer, (line.item->>'price')::numeric::text,
         p.name, p.category
  FROM orders o
  CROSS JOIN LATERAL jsonb_array_elements(o.lines) WITH ORDINALITY AS line(item, number)
  LEFT JOIN products p ON p.sku = line.item->>'sku'
  WHERE o.order_id = $1 ORDER BY line.number)";

constexpr const char* kSelectOrderUser = R"(
  SELECT first_name, last_name, email FROM users WHERE user_id = $1)";

constexpr const char* kSelectLatestPaymentOfOrder = R"(
  SELECT payment_id, amount::text, currency, payment_method, status, orderflow_rfc3339(settled_at), risk_status
  FROM payments WHERE order_id = $1
  ORDER BY settled_at DESC, payment_id
  LIMIT 1)";

constexpr const char* kSelectInventory = R"(
  SELECT sku, quantity, orderflow_rfc3339(updated_at) FROM inventory WHERE sku = $1)";

constexpr const char* kSelectProduct = R"(
  SELECT sku, name, category, price, currency, active, orderflow_rfc3339(upserted_at) FROM products WHERE sku = $1)";

// Columns only ever hold amounts that came in as Decimals, so they parse back.
Decimal amount(const pqxx::field& field) {
  return Decimal::parse(field.c_str()).value();
}

OrderSummaryRow order_summary(const pqxx::row& row) {
  return {row[0].c_str(), row[1].c_str(), amount(row[2]), row[3].c_str(),
          row[4].c_str(), row[5].c_str(), row[6].c_str()};
}

// A view assembled from several statements reads one snapshot: under READ COMMITTED (what
// pqxx::read_transaction is) each statement sees the commits made since the previous one, so an
// order could show a payment's risk assessment but not the status the same commit gave it.
using SnapshotRead = pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only>;

}  // namespace

std::optional<UserRow> find_user(pqxx::connection& connection, const std::string& user_id) {
  SnapshotRead txn(connection);
  const pqxx::result users = txn.exec_params(kSelectUser, user_id);
  if (users.empty()) return std::nullopt;
  const auto& u = users[0];
  UserRow user{u[0].c_str(), u[1].c_str(), u[2].c_str(), u[3].c_str(), u[4].c_str(), u[5].c_str(), {}};
  for (const auto& row : txn.exec_params(kSelectLastOrdersOfUser, user_id))
    user.last_orders.push_back(order_summary(row));
  return user;
}

std::optional<OrderRow> find_order(pqxx::connection& connection, const std::string& order_id) {
  SnapshotRead txn(connection);
  const pqxx::result rows = txn.exec_params(kSelectOrder, order_id);
  if (rows.empty()) return std::nullopt;
  const auto& row = rows[0];
  OrderRow order;
  order.summary = {row[0].c_str(), row[1].c_str(), amount(row[2]), row[3].c_str(),
                   row[4].c_str(), row[5].c_str(), row[7].c_str()};
  order.created_at = row[6].c_str();
  for (const auto& item : txn.exec_params(kSelectOrderItems, order_id)) {
    OrderItemRow line{item[0].c_str(), item[1].as<long long>(), amount(item[2]), std::nullopt};
    if (!item[3].is_null()) line.product = ItemProductRow{item[3].c_str(), item[4].c_str()};
    order.items.push_back(std::move(line));
  }
  const pqxx::result users = txn.exec_params(kSelectOrderUser, order.summary.user_id);
  if (!users.empty()) order.user = OrderUserRow{users[0][0].c_str(), users[0][1].c_str(), users[0][2].c_str()};
  const pqxx::result payments = txn.exec_params(kSelectLatestPaymentOfOrder, order_id);
  if (!payments.empty()) {
    const auto& p = payments[0];
    order.payment = PaymentRow{p[0].c_str(), amount(p[1]),
                               p[2].c_str(), p[3].is_null() ? std::nullopt : std::optional<std::string>(p[3].c_str()),
                               p[4].c_str(), p[5].c_str(),
                               std::nullopt, std::nullopt};
    if (!p[6].is_null()) order.payment->risk_status = p[6].c_str();
    order.payment->risk = find_risk(txn, "payment", order.payment->payment_id);
  }
  order.risk = find_risk(txn, "order", order_id);
  return order;
}

std::optional<InventoryRow> find_inventory(pqxx::connection& connection, const std::string& sku) {
  pqxx::read_transaction txn(connection);
  const pqxx::result rows = txn.exec_params(kSelectInventory, sku);
  if (rows.empty()) return std::nullopt;
  return InventoryRow{rows[0][0].c_str(), rows[0][1].as<long long>(), rows[0][2].c_str()};
}

std::optional<ProductRow> find_product(pqxx::connection& connection, const std::string& sku) {
  pqxx::read_transaction txn(connection);
  const pqxx::result rows = txn.exec_params(kSelectProduct, sku);
  if (rows.empty()) return std::nullopt;
  const auto& row = rows[0];
  return ProductRow{row[0].c_str(), row[1].c_str(),    row[2].c_str(), amount(row[3]),
                    row[4].c_str(), row[5].as<bool>(), row[6].c_str()};
}

}  // namespace orderflow::storage
