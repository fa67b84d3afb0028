#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/pqxx>
#include <string>

namespace orderflow::storage {

// GET /orders/{id}'s body: {"orderId","userId","totalAmount","currency","status","placedAt",
// "createdAt","updatedAt"}, the amount an exact decimal node (write it with json::dump_exact).
std::optional<nlohmann::json> find_order(pqxx::connection& connection, const std::string& order_id);

}  // namespace orderflow::storage
