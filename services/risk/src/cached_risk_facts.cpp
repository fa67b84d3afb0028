#include "cached_risk_facts.h"

namespace orderflow::risk {

template <typename Value, typename Load>
std::map<std::string, Value> CachedRiskFacts::cached(std::map<std::string, Entry<Value>>& cache,
                                                     const std::vector<std::string>& keys, Load load) {
  const auto now = std::chrono::steady_clock::now();
  std::map<std::string, Value> out;
  std::vector<std::string> missing;
  for (const auto& key : keys) {
    const auto it = cache.find(key);
    if (it != cache.end() && it->second.expires > now) {
      out.emplace(key, it->second.value);
      ++hits_;
    } else if (!out.count(key)) {
      missing.push_back(key);
    }
  }
  if (missing.empty()) return out;
  // Full: start over rather than track recency; the store refills what is still in use.
  if (cache.size() + missing.size() > max_entries_) cache.clear();
  for (auto& [key, value] : load(missing)) {
    cache.insert_or_assign(key, Entry<Value>{value, now + ttl_});
    out.insert_or_assign(key, std::move(value));
  }
  return out;
}

std::map<std::string, UserFacts> CachedRiskFacts::users(const std::vector<std::string>& user_ids) {
  return cached(users_, user_ids, [this](const auto& ids) { return store_.users(ids); });
}

std::map<std::string, ProductFacts> CachedRiskFacts::products(const std::vector<std::string>& skus) {
  return cached(products_, skus, [this](const auto& ids) { return store_.products(ids); });
}

}  // namespace orderflow::risk
