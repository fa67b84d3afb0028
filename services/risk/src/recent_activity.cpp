#include "recent_activity.h"

namespace orderflow::risk {

void RecentActivity::add(const std::string& user_id, const ActivityEntry& entry) {
  auto& entries = by_user_[user_id];
  // One user's flood must not make every later assessment of theirs slower: beyond this many the
  // features are saturated anyway (PostgreSQL's history is bounded alike).
  if (entries.size() >= kMaxEntriesPerUser) entries.pop_front();
  entries.push_back(entry);
  arrival_.emplace_back(user_id, entry.id);
  evict();
}

void RecentActivity::add_order(const std::string& order_id, const OrderFacts& order) {
  // The first placement of an order id is the order (as storage keeps it); a later one is not.
  if (orders_.try_emplace(order_id, order).second) order_arrival_.push_back(order_id);
  evict();
}

std::vector<ActivityEntry> RecentActivity::last_hour(const std::string& user_id, double at) const {
  std::vector<ActivityEntry> out;
  const auto it = by_user_.find(user_id);
  if (it == by_user_.end()) return out;
  for (const auto& entry : it->second) {
    if (entry.at >= at - 3600 && entry.at <= at) out.push_back(entry);
  }
  return out;
}

std::optional<OrderFacts> RecentActivity::order(const std::string& order_id) const {
  const auto it = orders_.find(order_id);
  if (it == orders_.end()) return std::nullopt;
  return it->second;
}

void RecentActivity::evict() {
  while (arrival_.size() > max_entries_) {
    const auto& [user, id] = arrival_.front();
    auto it = by_user_.find(user);
    if (it != by_user_.end()) {
      auto& entries = it->second;
      for (auto e = entries.begin(); e != entries.end(); ++e) {
        if (e->id == id) {
          entries.erase(e);
          break;
        }
      }
      if (entries.empty()) by_user_.erase(it);
    }
    arrival_.pop_front();
  }
  while (order_arrival_.size() > max_entries_) {
    orders_.erase(order_arrival_.front());
    order_arrival_.pop_front();
  }
}

}  // namespace orderflow::risk
