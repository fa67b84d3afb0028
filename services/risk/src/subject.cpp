#include "subject.h"

#include <cstdlib>
#include <set>

#include "orderflow/common/failure.h"
#include "orderflow/common/time.h"
#include "orderflow/events/contract.h"
#include "orderflow/json/exact_json.h"

namespace orderflow::risk {
namespace {

[[noreturn]] void refuse(const std::string& why) {
  throw MessageRefused(events::reason::kSchemaViolation, "risk stage: " + why);
}

std::string text(const nlohmann::json& event, const char* field) {
  const auto it = event.find(field);
  if (it == event.end() || !it->is_string()) refuse(std::string("no string ") + field);
  return it->get<std::string>();
}

std::string optional_text(const nlohmann::json& event, const char* field) {
  const auto it = event.find(field);
  return it != event.end() && it->is_string() ? it->get<std::string>() : "";
}

double amount(const nlohmann::json& event, const char* field) {
  const auto it = event.find(field);
  const auto value = it == event.end() ? std::nullopt : exact_json::to_decimal(*it);
  if (!value) refuse(std::string("no amount ") + field);
  return std::strtod(value->to_string().c_str(), nullptr);
}

double seconds(const nlohmann::json& event, const char* field) {
  const auto at = parse_rfc3339(text(event, field));
  if (!at) refuse(std::string("no time ") + field);
  return static_cast<double>(at->time_since_epoch().count()) / 1e6;
}

nlohmann::json decimal(const std::string& text) {
  return exact_json::decimal_node(Decimal::parse(text).value());
}

Subject read_subject(const kafka::Message& message, nlohmann::json event, SubjectKind kind) {
  Subject s;
  s.message = &message;
  s.kind = kind;
  s.event_id = text(event, "eventId");
  s.order_id = text(event, "orderId");
  s.currency = text(event, "currency");
  if (kind == SubjectKind::kOrder) {
    s.subject_id = s.order_id;
    s.user_id = text(event, "userId");
    s.amount = amount(event, "totalAmount");
    s.at = seconds(event, "placedAt");
    const auto items = event.find("items");
    if (items == event.end() || !items->is_array()) refuse("no items");
    for (const auto& item : *items) {
      const auto quantity =
          item.is_object() && item.contains("quantity") ? exact_json::to_int64(item["quantity"]) : std::nullopt;
      if (!quantity) refuse("an item without a quantity");
      s.items.push_back({text(item, "sku"), *quantity});
    }
  } else {
    s.subject_id = text(event, "paymentId");
    s.amount = amount(event, "amount");
    s.at = seconds(event, "settledAt");
    s.payment_status = text(event, "status");
    s.payment_method = optional_text(event, "paymentMethod");
  }
  s.event = std::move(event);
  return s;
}

}  // namespace

std::vector<Subject> read_subjects(const std::vector<kafka::Message>& batch) {
  std::vector<Subject> subjects;
  for (const auto& message : batch) {
    const std::string type = kafka::header_value(message.headers, "eventType");
    if (type != "OrderPlaced" && type != "PaymentSettled") continue;
    auto parsed = exact_json::parse_exact(message.value);
    if (!std::holds_alternative<nlohmann::json>(parsed) || !std::get<nlohmann::json>(parsed).is_object()) {
      refuse("the payload is not a JSON object");
    }
    // A payment that names no order (seed 001 allows it) has nothing to be assessed against.
    if (type == "PaymentSettled" && !std::get<nlohmann::json>(parsed).contains("orderId")) continue;
    subjects.push_back(read_subject(message, std::get<nlohmann::json>(std::move(parsed)),
                                    type == "OrderPlaced" ? SubjectKind::kOrder : SubjectKind::kPayment));
  }
  return subjects;
}

Enrichment enrich(const Subject& s, const UserFacts* user, const std::map<std::string, ProductFacts>& products) {
  Enrichment e;
  if (user) {
    e.user = {{"firstName", user->first_name}, {"lastName", user->last_name}, {"email", user->email}};
  } else {
    e.missing.push_back(s.kind == SubjectKind::kPayment && !s.order ? "order" : "user");
  }
  if (s.kind == SubjectKind::kPayment && s.order) {
    e.order = {{"userId", s.order->user_id}, {"totalAmount", decimal(s.order->total)}, {"currency", s.order->currency}};
  }
  if (s.kind == SubjectKind::kOrder) {
    e.products = nlohmann::json::object();
    bool unknown = false;
    for (const auto& item : s.items) {
      const auto it = products.find(item.sku);
      if (it == products.end()) {
        e.products[item.sku] = nullptr;
        unknown = true;
        continue;
      }
      const auto& p = it->second;
      e.products[item.sku] = {{"name", p.name},
                              {"category", p.category},
                              {"price", decimal(p.price)},
                              {"currency", p.currency},
                              {"active", p.active}};
    }
    if (unknown) e.missing.push_back("product");
  }
  return e;
}

SubjectContext subject_context(const Subject& s, const UserFacts* user, const UserHistory* history,
                               const std::vector<ActivityEntry>& recent) {
  SubjectContext c;
  c.kind = s.kind;
  c.amount = s.amount;
  c.currency = s.currency;
  c.payment_status = s.payment_status;
  for (const auto& item : s.items) {
    c.max_quantity = std::max(c.max_quantity, item.quantity);
    c.units += item.quantity;
  }
  if (s.order) {
    c.order_total = std::strtod(s.order->total.c_str(), nullptr);
    c.order_currency = s.order->currency;
  }
  if (user) c.account_age_seconds = s.at - user->created_at;
  if (history) c.average_order_total = history->average_order_total;

  // Each other order and payment of the user once, stored or just seen, up to the subject's time.
  std::set<std::pair<std::string, std::string>> counted = {{subject_name(s.kind), s.subject_id}};
  auto count = [&](const ActivityEntry& e) {
    if (e.at > s.at || !counted.insert({e.kind, e.id}).second) return;
    const bool last_10m = e.at >= s.at - 600;
    if (e.kind == "order") {
      c.orders_1h += 1;
      c.orders_10m += last_10m ? 1 : 0;
      c.orders_1m += e.at >= s.at - 60 ? 1 : 0;
      return;
    }
    if (e.status == "failed") {
      c.failed_payments_1h += 1;
      if (e.order_id == s.order_id) c.failed_payments_order += 1;
    }
    if (last_10m && !s.payment_method.empty() && e.method == s.payment_method) c.method_payments_10m += 1;
  };
  for (const auto& e : recent) count(e);
  if (history) {
    for (const auto& e : history->last_hour) count(e);
  }
  return c;
}

OrderFacts order_facts(const Subject& order) {
  return {order.user_id, exact_json::dump_exact(order.event["totalAmount"]), order.currency, order.at};
}

void remember(RecentActivity& recent, const Subject& s) {
  if (s.kind == SubjectKind::kOrder) recent.add_order(s.order_id, order_facts(s));
  if (s.user_id.empty()) return;
  recent.add(s.user_id, {s.subject_id, subject_name(s.kind), s.at, s.order_id, s.payment_status, s.payment_method});
}

nlohmann::json enriched_event(const Subject& s, const Enrichment& enrichment, const nlohmann::json& risk) {
  nlohmann::json out = s.event;
  nlohmann::json joined = {{"user", enrichment.user}, {"missing", enrichment.missing}};
  if (s.kind == SubjectKind::kOrder) joined["products"] = enrichment.products;
  if (s.kind == SubjectKind::kPayment) joined["order"] = enrichment.order;
  out["enrichment"] = std::move(joined);
  out["risk"] = {{"assessmentId", risk["assessmentId"]},
                 {"modelVersion", risk["modelVersion"]},
                 {"score", risk["score"]},
                 {"decision", risk["decision"]},
                 {"reasons", risk["reasons"]}};
  return out;
}

}  // namespace orderflow::risk
