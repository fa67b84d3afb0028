#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "orderflow/redis/redis_client.h"

namespace orderflow::redis {

// Event ids already committed to PostgreSQL, kept in Redis so redeliveries can be skipped without
// a database round trip. Only a cache: an id missing here is still caught by the database inbox,
// and ids are written only after the database commit, so an id present here is always durable.
class ProcessedEventCache {
 public:
  ProcessedEventCache(RedisClient& client, std::chrono::seconds ttl) : client_(client), ttl_(ttl) {}

  // One flag per id, in order. Throws RedisError when Redis is unavailable.
  std::vector<bool> contains(const std::vector<std::string>& event_ids);
  void remember(const std::vector<std::string>& event_ids);

  static std::string key(const std::string& event_id) { return "orderflow:processed:" + event_id; }

 private:
  RedisClient& client_;
  std::chrono::seconds ttl_;
};

}  // namespace orderflow::redis
