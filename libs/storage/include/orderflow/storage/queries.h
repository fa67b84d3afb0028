#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "orderflow/common/decimal.h"
#include "orderflow/storage/risk_queries.h"

// The read-api's queries: what PostgreSQL holds about one entity, as rows. Amounts are exact
// Decimals, times RFC 3339 in UTC; empty when the entity does not exist. The response shapes are
// the read-api's (services/read-api/src/views.h).
namespace orderflow::storage {

struct OrderSummaryRow {
  std::string order_id;
  std::string user_id;
  Decimal total_amount;
  std::string currency;
  std::string status;
  std::string placed_at;
  std::string updated_at;
};

struct UserRow {
  std::string user_id;
  std::string email;
  std::string first_name;
  std::string last_name;
  std::string created_at;
  std::string updated_at;
  std::vector<OrderSummaryRow> last_orders;  // the last 5, newest first
};

// What the products table says of an item's SKU now, when it says anything.
struct ItemProductRow {
  std::string name;
  std::string category;
};

struct OrderItemRow {
  std::string sku;
  long long quantity = 0;
  Decimal price;
  std::optional<ItemProductRow> product;
};

// What the users table says of an order's user now, when it says anything.
struct OrderUserRow {
  std::string first_name;
  std::string last_name;
  std::string email;
};

struct PaymentRow {
  std::string payment_id;
  Decimal amount;
  std::string currency;
  std::optional<std::string> payment_method;
  std::string status;
  std::string settled_at;
  std::optional<std::string> risk_status;  // approved, in_review, declined, rejected; none before assessment
  std::optional<RiskRow> risk;             // its latest assessment
};

struct OrderRow {
  OrderSummaryRow summary;
  std::string created_at;
  std::optional<OrderUserRow> user;   // joined at read time: reference data may arrive late
  std::vector<OrderItemRow> items;    // in line order
  std::optional<PaymentRow> payment;  // the latest, when there is one
  std::optional<RiskRow> risk;        // the order's latest assessment
};

struct InventoryRow {
  std::string sku;
  long long quantity = 0;
  std::string updated_at;
};

struct ProductRow {
  std::string sku;
  std::string name;
  std::string category;
  Decimal price;
  std::string currency;
  bool active = true;
  std::string upserted_at;
};

std::optional<UserRow> find_user(pqxx::connection& connection, const std::string& user_id);
std::optional<OrderRow> find_order(pqxx::connection& connection, const std::string& order_id);
std::optional<InventoryRow> find_inventory(pqxx::connection& connection, const std::string& sku);
std::optional<ProductRow> find_product(pqxx::connection& connection, const std::string& sku);

}  // namespace orderflow::storage
