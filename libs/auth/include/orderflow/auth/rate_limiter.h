#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "orderflow/auth/client.h"
#include "orderflow/redis/redis_client.h"

namespace orderflow::auth {

struct RateDecision {
  bool allowed = true;
  double limit = 0;                          // the bucket's size (burst)
  double remaining = 0;                      // tokens left after this request
  std::chrono::milliseconds retry_after{0};  // when refused: until one token is back
  std::chrono::milliseconds reset{0};        // until the bucket is full again
};

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Takes one token from `client`'s bucket. Throws when the limiter's store is unavailable.
  virtual RateDecision take(const std::string& client, const RateLimit& limit) = 0;
};

// Token buckets in Redis, one per client, shared by every gateway replica: one Lua script reads,
// refills and takes atomically, on Redis's own clock (TIME), so replicas' clocks do not matter.
// A bucket left alone expires once it would be full again.
class RedisRateLimiter : public RateLimiter {
 public:
  // `connections` clients, each used by one request at a time.
  RedisRateLimiter(const redis::RedisOptions& options, std::size_t connections);
  RateDecision take(const std::string& client, const RateLimit& limit) override;

 private:
  struct Slot {
    std::mutex mutex;
    std::unique_ptr<redis::RedisClient> client;
  };
  redis::Reply run(redis::RedisClient& client, const std::vector<std::string>& args);

  std::vector<std::unique_ptr<Slot>> slots_;
  std::atomic<std::size_t> next_{0};
  std::mutex sha_mutex_;
  std::string script_sha_;  // once SCRIPT LOAD answered
};

}  // namespace orderflow::auth
