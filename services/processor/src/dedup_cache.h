#pragma once

#include <string>
#include <vector>

#include "orderflow/redis/processed_event_cache.h"

namespace orderflow::processor {

// The fast path for skipping redelivered events. Never the source of truth: the database inbox
// is. Implementations throw when the cache is unavailable; BatchProcessor then carries on without.
class DedupCache {
 public:
  virtual ~DedupCache() = default;
  virtual std::vector<bool> contains(const std::vector<std::string>& event_ids) = 0;
  // Called only with ids whose effects are committed.
  virtual void remember(const std::vector<std::string>& event_ids) = 0;
};

class RedisDedupCache : public DedupCache {
 public:
  explicit RedisDedupCache(redis::ProcessedEventCache& cache) : cache_(cache) {}
  std::vector<bool> contains(const std::vector<std::string>& ids) override { return cache_.contains(ids); }
  void remember(const std::vector<std::string>& ids) override { cache_.remember(ids); }

 private:
  redis::ProcessedEventCache& cache_;
};

}  // namespace orderflow::processor
