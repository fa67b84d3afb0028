#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "orderflow/redis/processed_event_cache.h"

namespace orderflow::processor {

// The fast path for skipping redelivered events: committed event ids with a fingerprint of the
// message they came in. Never the source of truth: the database inbox is. Implementations throw
// when the cache is unavailable; BatchProcessor then carries on without.
class DedupCache {
 public:
  using Fingerprints = std::vector<std::pair<std::string, std::string>>;  // (event id, fingerprint)

  virtual ~DedupCache() = default;
  // The remembered fingerprint per id, empty when not remembered.
  virtual std::vector<std::optional<std::string>> lookup(const std::vector<std::string>& event_ids) = 0;
  // Called only with ids whose effects are committed.
  virtual void remember(const Fingerprints& fingerprints) = 0;
};

class RedisDedupCache : public DedupCache {
 public:
  explicit RedisDedupCache(redis::ProcessedEventCache& cache) : cache_(cache) {}
  std::vector<std::optional<std::string>> lookup(const std::vector<std::string>& ids) override {
    return cache_.lookup(ids);
  }
  void remember(const Fingerprints& fingerprints) override { cache_.remember(fingerprints); }

 private:
  redis::ProcessedEventCache& cache_;
};

}  // namespace orderflow::processor
