#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "orderflow/redis/redis_client.h"

namespace orderflow::redis {

// Event ids already committed to PostgreSQL, each with a fingerprint of the message it came in,
// kept in Redis so exact redeliveries can be skipped without a database round trip. Only a cache:
// an id missing here is still caught by the database inbox, and ids are written only after the
// database commit, so an id present here is always durable.
class ProcessedEventCache {
 public:
  ProcessedEventCache(RedisClient& client, std::chrono::seconds ttl) : client_(client), ttl_(ttl) {}

  // The remembered fingerprint of each id, in order; empty for ids not remembered. Throws
  // RedisError when Redis is unavailable.
  std::vector<std::optional<std::string>> lookup(const std::vector<std::string>& event_ids);
  // (event id, fingerprint) pairs.
  void remember(const std::vector<std::pair<std::string, std::string>>& fingerprints);

  static std::string key(const std::string& event_id) { return "orderflow:processed:" + event_id; }

 private:
  RedisClient& client_;
  std::chrono::seconds ttl_;
};

}  // namespace orderflow::redis
