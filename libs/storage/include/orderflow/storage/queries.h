#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/pqxx>
#include <string>

// The read-api's queries. Each returns the response body in seed 002's shapes, amounts as exact
// decimal nodes (write them with exact_json::dump_exact), times as RFC 3339 in UTC; empty when the
// entity does not exist.
namespace orderflow::storage {

// {"userId","email","firstName","lastName","createdAt","updatedAt","orders":[last 5, newest first]}
std::optional<nlohmann::json> find_user(pqxx::connection& connection, const std::string& user_id);

// {"orderId","userId","totalAmount","currency","status","placedAt","createdAt","updatedAt","items":[...],
//  "payment":{...}} — "payment" (the latest one) only when there is one.
std::optional<nlohmann::json> find_order(pqxx::connection& connection, const std::string& order_id);

// {"sku","quantity","updatedAt"}
std::optional<nlohmann::json> find_inventory(pqxx::connection& connection, const std::string& sku);

}  // namespace orderflow::storage
