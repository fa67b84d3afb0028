#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "orderflow/redis/keys.h"
#include "orderflow/redis/redis_client.h"

namespace orderflow::gateway {

// Notes in Redis which event ids Kafka acknowledged, so GET /events/{id} on the read-api can
// answer "accepted" for an event the processor has not reached yet, from the moment its client
// holds the 202: a request is answered (`then`) once its ids are written. Best effort: a Redis
// failure is logged and the requests are answered all the same, since the events themselves are
// safe in Kafka.
//
// Requests only enqueue ids and their answers; one thread writes whatever has gathered in one
// pipelined round trip and then sends those answers, so neither librdkafka's thread nor a handler
// waits on Redis, and a round trip serves every request that arrived during the one before. Ids
// beyond `max_pending` (Redis slow or down) are not noted, counted in the log, and answered at once.
class AcceptedEvents {
 public:
  AcceptedEvents(redis::RedisClient& client, std::chrono::seconds retention, std::size_t max_pending = 100'000);
  ~AcceptedEvents();  // writes what is queued, then stops
  AcceptedEvents(const AcceptedEvents&) = delete;
  AcceptedEvents& operator=(const AcceptedEvents&) = delete;

  // Notes `event_ids`, then calls `then` (on this object's thread, or at once when nothing is to
  // be noted or too many are waiting).
  void mark(const std::vector<std::string>& event_ids, std::function<void()> then);

  static std::string key(const std::string& event_id) { return redis::keys::accepted_event(event_id); }

 private:
  void run();
  void write(const std::vector<std::string>& event_ids);

  redis::RedisClient& client_;
  std::chrono::seconds retention_;
  std::size_t max_pending_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::string> pending_;
  std::vector<std::function<void()>> answers_;  // the requests whose ids are in pending_
  std::size_t dropped_ = 0;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace orderflow::gateway
