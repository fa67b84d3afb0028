#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "orderflow/kafka/message.h"

#include "recent_activity.h"
#include "risk_facts.h"
#include "risk_features.h"

// One OrderPlaced or PaymentSettled the risk stage assesses, read from its message, and what the
// stage joins it with.
namespace orderflow::risk {

struct SubjectItem {
  std::string sku;
  long long quantity = 0;
};

struct Subject {
  const kafka::Message* message = nullptr;
  nlohmann::json event;  // exact: amounts stay decimal nodes
  SubjectKind kind = SubjectKind::kOrder;
  std::string event_id;
  std::string subject_id;  // orderId or paymentId
  std::string order_id;
  std::string user_id;  // an order's; a payment's once its order is known
  std::string currency;
  double amount = 0;
  double at = 0;  // placedAt or settledAt, seconds since the epoch
  std::vector<SubjectItem> items;
  std::string payment_status, payment_method;
  std::optional<OrderFacts> order;  // a payment's order, when known
};

// The batch's OrderPlaced and PaymentSettled events, in order; other types are left out. Throws
// MessageRefused for a message of those types that is not a well-formed event (the validator lets
// none through; this guards the stage against a topic written by something else).
std::vector<Subject> read_subjects(const std::vector<kafka::Message>& batch);

// What the enriched event says about the subject's user, products and order.
struct Enrichment {
  nlohmann::json user;               // {firstName, lastName, email} or null
  nlohmann::json products;           // sku -> {name, category, price, currency, active} or null
  nlohmann::json order;              // payments: {userId, totalAmount, currency} or null
  std::vector<std::string> missing;  // "user", "product", "order": not known yet
};

Enrichment enrich(const Subject& subject, const UserFacts* user, const std::map<std::string, ProductFacts>& products);

// The model's inputs: the subject, its user, and the user's activity before it, stored (`history`)
// and just seen (`recent`), counted once per id.
SubjectContext subject_context(const Subject& subject, const UserFacts* user, const UserHistory* history,
                               const std::vector<ActivityEntry>& recent);

// What an OrderPlaced says of its order.
OrderFacts order_facts(const Subject& order);

// Notes the subject in the stage's memory of recent activity.
void remember(RecentActivity& recent, const Subject& subject);

// The event as it was, with "enrichment" and "risk" (the assessment's summary) added.
nlohmann::json enriched_event(const Subject& subject, const Enrichment& enrichment, const nlohmann::json& risk);

}  // namespace orderflow::risk
