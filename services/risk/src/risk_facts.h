#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

// What the risk stage reads from orderflow's tables, asked for a whole batch at once. PostgreSQL is
// the source of truth (StoredRiskFacts); tests use an in-memory fake.
namespace orderflow::risk {

struct UserFacts {
  std::string first_name, last_name, email;
  double created_at = 0;  // seconds since the epoch
};

struct ProductFacts {
  std::string name, category;
  std::string price;  // exact decimal text
  std::string currency;
  bool active = true;
};

struct OrderFacts {
  std::string user_id;
  std::string total;  // exact decimal text
  std::string currency;
  double placed_at = 0;
};

// An order or payment of a user, as far as velocity features need it.
struct ActivityEntry {
  std::string id;
  std::string kind;  // order, payment
  double at = 0;     // seconds since the epoch
  std::string order_id;
  std::string status;  // payments
  std::string method;  // payments
};

// A user's activity before a moment: every order and payment of the hour before, and the average
// total of earlier orders in one currency.
struct UserHistory {
  std::vector<ActivityEntry> last_hour;
  std::optional<double> average_order_total;
};

struct HistoryQuery {
  std::string user_id;
  double at = 0;
  std::string currency;
};

class RiskFacts {
 public:
  virtual ~RiskFacts() = default;
  // Each throws Unavailable when the store cannot answer; ids it does not know are left out.
  virtual std::map<std::string, UserFacts> users(const std::vector<std::string>& user_ids) = 0;
  virtual std::map<std::string, ProductFacts> products(const std::vector<std::string>& skus) = 0;
  virtual std::map<std::string, OrderFacts> orders(const std::vector<std::string>& order_ids) = 0;
  // One history per query, in order.
  virtual std::vector<UserHistory> histories(const std::vector<HistoryQuery>& queries) = 0;
  // The RiskAssessed payloads already stored for these assessment ids (a replayed event's).
  virtual std::map<std::string, std::string> stored_assessments(const std::vector<std::string>& assessment_ids) = 0;
};

}  // namespace orderflow::risk
