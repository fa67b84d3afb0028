#pragma once

#include <mutex>
#include <string>

#include "orderflow/redis/redis_client.h"

namespace orderflow::read_api {

// The gateway's notes in Redis of events Kafka acknowledged (redis::keys::accepted_event), read
// for GET /events/{id} of events not stored yet. Redis unavailable reads as "not known", logged:
// the answer is then 404 until the event is stored, never an error.
class AcceptedEventNotes {
 public:
  explicit AcceptedEventNotes(redis::RedisClient& client) : client_(client) {}
  bool knows(const std::string& event_id);

 private:
  std::mutex mutex_;  // one connection, shared by the HTTP threads
  redis::RedisClient& client_;
};

}  // namespace orderflow::read_api
