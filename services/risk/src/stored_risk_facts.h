#pragma once

#include <pqxx/pqxx>
#include <string>

#include "orderflow/postgres/connection_pool.h"

#include "risk_facts.h"

namespace orderflow::risk {

// RiskFacts from PostgreSQL: one statement per question per batch (arrays in, rows out).
class StoredRiskFacts : public RiskFacts {
 public:
  explicit StoredRiskFacts(std::string dsn) : database_(std::move(dsn), 1) {}

  std::map<std::string, UserFacts> users(const std::vector<std::string>& user_ids) override;
  std::map<std::string, ProductFacts> products(const std::vector<std::string>& skus) override;
  std::map<std::string, OrderFacts> orders(const std::vector<std::string>& order_ids) override;
  std::vector<UserHistory> histories(const std::vector<HistoryQuery>& queries) override;
  std::map<std::string, std::string> stored_assessments(const std::vector<std::string>& assessment_ids) override;

 private:
  // Runs `query` in a read-only transaction on the stage's one connection (the pool replaces it
  // when it broke); transient failures become Unavailable.
  template <typename Query>
  auto read(Query&& query);

  postgres::ConnectionPool database_;
};

}  // namespace orderflow::risk
