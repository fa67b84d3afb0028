#pragma once

#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "risk_facts.h"

namespace orderflow::risk {

// What this stage assessed lately, kept in memory: an order and its payment, or a burst of orders,
// often arrive before the processor has stored the first of them, and velocity features must count
// them. PostgreSQL answers for everything older (and after a restart); entries are told apart by
// id, so an entry known to both counts once. Bounded: the oldest entries go first.
class RecentActivity {
 public:
  static constexpr std::size_t kMaxEntriesPerUser = 400;

  explicit RecentActivity(std::size_t max_entries = 200'000) : max_entries_(max_entries) {}

  void add(const std::string& user_id, const ActivityEntry& entry);
  void add_order(const std::string& order_id, const OrderFacts& order);

  // The user's entries at most an hour before `at`, up to `at`.
  std::vector<ActivityEntry> last_hour(const std::string& user_id, double at) const;
  std::optional<OrderFacts> order(const std::string& order_id) const;

 private:
  void evict();

  std::size_t max_entries_;
  std::unordered_map<std::string, std::deque<ActivityEntry>> by_user_;
  std::unordered_map<std::string, OrderFacts> orders_;
  std::deque<std::pair<std::string, std::string>> arrival_;  // (user, entry id), oldest first
  std::deque<std::string> order_arrival_;
};

}  // namespace orderflow::risk
