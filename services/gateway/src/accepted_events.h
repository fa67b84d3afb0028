#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "orderflow/redis/redis_client.h"

namespace orderflow::gateway {

// Notes in Redis which event ids Kafka acknowledged, so GET /events/{id} on the read-api can
// answer "accepted" for an event the processor has not reached yet. Best effort: a Redis failure
// is logged and the request still succeeds, since the event itself is safe in Kafka.
class AcceptedEvents {
 public:
  AcceptedEvents(redis::RedisClient& client, std::chrono::seconds retention) : client_(client), retention_(retention) {}
  void mark(const std::vector<std::string>& event_ids);

  static std::string key(const std::string& event_id) { return "orderflow:accepted:" + event_id; }

 private:
  std::mutex mutex_;
  redis::RedisClient& client_;
  std::chrono::seconds retention_;
};

}  // namespace orderflow::gateway
