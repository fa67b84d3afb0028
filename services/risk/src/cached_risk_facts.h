#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "risk_facts.h"

namespace orderflow::risk {

// Reference data (users, products) cached in front of the store for `ttl`: most orders name users
// and products seen moments ago. Only what the store knows is cached; a miss is asked again next
// time, so reference data that arrives late is picked up at once. Orders, histories and stored
// assessments are always read from the store.
class CachedRiskFacts : public RiskFacts {
 public:
  CachedRiskFacts(RiskFacts& store, std::chrono::milliseconds ttl, std::size_t max_entries = 100'000)
      : store_(store), ttl_(ttl), max_entries_(max_entries) {}

  std::map<std::string, UserFacts> users(const std::vector<std::string>& user_ids) override;
  std::map<std::string, ProductFacts> products(const std::vector<std::string>& skus) override;
  std::map<std::string, OrderFacts> orders(const std::vector<std::string>& order_ids) override {
    return store_.orders(order_ids);
  }
  std::vector<UserHistory> histories(const std::vector<HistoryQuery>& queries) override {
    return store_.histories(queries);
  }
  std::map<std::string, std::string> stored_assessments(const std::vector<std::string>& ids) override {
    return store_.stored_assessments(ids);
  }

  std::size_t hits() const { return hits_; }

 private:
  template <typename Value>
  struct Entry {
    Value value;
    std::chrono::steady_clock::time_point expires;
  };
  template <typename Value, typename Load>
  std::map<std::string, Value> cached(std::map<std::string, Entry<Value>>& cache, const std::vector<std::string>& keys,
                                      Load load);

  RiskFacts& store_;
  std::chrono::milliseconds ttl_;
  std::size_t max_entries_;
  std::map<std::string, Entry<UserFacts>> users_;
  std::map<std::string, Entry<ProductFacts>> products_;
  std::size_t hits_ = 0;
};

}  // namespace orderflow::risk
