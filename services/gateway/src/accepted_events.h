#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "orderflow/redis/keys.h"
#include "orderflow/redis/redis_client.h"

namespace orderflow::gateway {

// Notes in Redis which event ids Kafka acknowledged, so GET /events/{id} on the read-api can
// answer "accepted" for an event the processor has not reached yet. Best effort: a Redis failure
// is logged and the request still succeeds, since the event itself is safe in Kafka.
//
// Requests only enqueue ids; one thread writes whatever has gathered in one pipelined round
// trip. A synchronous write per request would put every handler thread in line behind one Redis
// connection, and the note is not part of what the 202 promises. Ids beyond `max_pending` (Redis
// slow or down) are dropped and counted in the log: the note is an optimisation of a read.
class AcceptedEvents {
 public:
  AcceptedEvents(redis::RedisClient& client, std::chrono::seconds retention, std::size_t max_pending = 100'000);
  ~AcceptedEvents();  // writes what is queued, then stops
  AcceptedEvents(const AcceptedEvents&) = delete;
  AcceptedEvents& operator=(const AcceptedEvents&) = delete;

  void mark(const std::vector<std::string>& event_ids);

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
  std::size_t dropped_ = 0;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace orderflow::gateway
