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

nlohmann::json optional_text(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json();
}

// Only the risk stage writes these columns (via RiskAssessed, schema-checked), so they parse.
nlohmann::json stored_json(const std::string& text) {
  return std::get<nlohmann::json>(exact_json::parse_exact(text));
}

nlohmann::json nullable_risk(const std::optional<storage::RiskRow>& risk) {
  return risk ? risk_view(*risk) : nlohmann::json();
}

}  // namespace

nlohmann::json review_view(const storage::ReviewRow& review) {
  return {{"reviewId", review.review_id},
          {"subjectType", review.subject_type},
          {"subjectId", review.subject_id},
          {"orderId", review.order_id},
          {"status", review.status},
          {"createdAt", review.created_at},
          {"reviewer", optional_text(review.reviewer)},
          {"note", optional_text(review.note)},
          {"decidedAt", optional_text(review.decided_at)}};
}

nlohmann::json risk_view(const storage::RiskRow& risk) {
  return {{"assessmentId", risk.assessment_id},
          {"modelVersion", risk.model_version},
          {"score", exact_json::decimal_node(Decimal::parse(risk.score).value())},
          {"decision", risk.decision},
          {"reasons", stored_json(risk.reasons_json)},
          {"missing", stored_json(risk.missing_json)},
          {"assessedAt", risk.assessed_at},
          {"review", risk.review ? review_view(*risk.review) : nlohmann::json()}};
}

nlohmann::json review_queue_view(const std::vector<storage::QueuedReviewRow>& reviews, std::size_t limit) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& queued : reviews) {
    nlohmann::json entry = review_view(queued.review);
    entry["assessment"] = risk_view(queued.assessment);
    entry["assessment"].erase("review");
    entry["userId"] = optional_text(queued.user_id);
    entry["amount"] =
        queued.amount.empty() ? nlohmann::json() : exact_json::decimal_node(Decimal::parse(queued.amount).value());
    entry["currency"] = queued.currency.empty() ? nlohmann::json() : nlohmann::json(queued.currency);
    list.push_back(std::move(entry));
  }
  nlohmann::json next;  // a full page may have more after it
  if (!reviews.empty() && reviews.size() == limit) next = reviews.back().review.review_id;
  return {{"reviews", std::move(list)}, {"next", std::move(next)}};
}

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
                       {"settledAt", p->settled_at},
                       {"riskStatus", optional_text(p->risk_status)},
                       {"risk", nullable_risk(p->risk)}};
  }
  view["risk"] = nullable_risk(order.risk);
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
