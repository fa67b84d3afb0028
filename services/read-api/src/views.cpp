#include "views.h"

#include "orderflow/json/exact_json.h"

namespace orderflow::read_api {
namespace {

nlohmann::json order_summary_view(const storage::OrderSummaryRow& order) {
  return {{"orderId", order.order_id},
          {"userId", order.user_id},
          {"totalAmount", exact_json::decimal_node(order.total_amount)},
          {"currency", order.currency},
          {"status", order.status},
          {"placedAt", order.placed_at},
          {"updatedAt", order.updated_at}};
}

}  // namespace

nlohmann::json user_view(const storage::UserRow& user) {
  nlohmann::json orders = nlohmann::json::array();
  for (const auto& order : user.last_orders) orders.push_back(order_summary_view(order));
  return {{"userId", user.user_id},     {"email", user.email},          {"firstName", user.first_name},
          {"lastName", user.last_name}, {"createdAt", user.created_at}, {"updatedAt", user.updated_at},
          {"orders", std::move(orders)}};
}

nlohmann::json order_view(const storage::OrderRow& order) {
  nlohmann::json view = order_summary_view(order.summary);
  view["createdAt"] = order.created_at;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : order.items) {
    nlohmann::json product;  // null until the product is known
    if (item.product) product = {{"name", item.product->name}, {"category", item.product->category}};
    items.push_back({{"sku", item.sku},
                     {"quantity", item.quantity},
                     {"price", exact_json::decimal_node(item.price)},
                     {"product", std::move(product)}});
  }
  nlohmann::json user;  // null until the user is known
  if (order.user) {
    user = {{"firstName", order.user->first_name}, {"lastName", order.user->last_name}, {"email", order.user->email}};
  }
  view["user"] = std::move(user);
  view["items"] = std::move(items);
  if (const auto& p = order.payment) {
    view["payment"] = {{"paymentId", p->payment_id},
                       {"amount", exact_json::decimal_node(p->amount)},
                       {"currency", p->currency},
                       {"paymentMethod", p->payment_method ? nlohmann::json(*p->payment_method) : nlohmann::json()},
                       {"status", p->status},
                       {"settledAt", p->settled_at}};
  }
  return view;
}

nlohmann::json inventory_view(const storage::InventoryRow& stock) {
  return {{"sku", stock.sku}, {"quantity", stock.quantity}, {"updatedAt", stock.updated_at}};
}

nlohmann::json product_view(const storage::ProductRow& product) {
  return {{"sku", product.sku},
          {"name", product.name},
          {"category", product.category},
          {"price", exact_json::decimal_node(product.price)},
          {"currency", product.currency},
          {"active", product.active},
          {"upsertedAt", product.upserted_at}};
}

nlohmann::json event_status_view(const std::string& event_id, const storage::EventStatusRow& status) {
  if (const auto* persisted = std::get_if<storage::PersistedEvent>(&status)) {
    return {{"eventId", event_id},
            {"status", "persisted"},
            {"eventType", persisted->event_type},
            {"processedAt", persisted->processed_at}};
  }
  const auto& dead = std::get<storage::DeadLetteredEvent>(status);
  return {{"eventId", event_id}, {"status", "dead_lettered"}, {"reason", dead.reason},
          {"error", dead.error}, {"stage", dead.stage},       {"deadLetteredAt", dead.dead_lettered_at}};
}

nlohmann::json accepted_event_view(const std::string& event_id) {
  return {{"eventId", event_id}, {"status", "accepted"}};
}

}  // namespace orderflow::read_api
