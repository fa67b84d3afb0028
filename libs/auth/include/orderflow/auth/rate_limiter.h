#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
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
  // The same, where nothing may wait (an HTTP I/O thread): std::nullopt, with nothing taken, when
  // deciding would mean a round trip or waiting for another request's.
  virtual std::optional<RateDecision> take_without_waiting(const std::string& client, const RateLimit& limit) {
    return take(client, limit);
  }
};

// Token buckets in this process's memory: what a replica enforces on its own while Redis is
// unreachable (each replica then allows a client the whole limit, so N replicas allow up to N times
// it, which beats allowing anything).
class LocalRateLimiter : public RateLimiter {
 public:
  RateDecision take(const std::string& client, const RateLimit& limit) override;

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point at;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

// Token buckets in Redis, one per client, shared by every gateway replica: one Lua script reads,
// refills and takes atomically, on Redis's own clock (TIME), so replicas' clocks do not matter.
// A bucket left alone expires once it would be full again.
//
// A round trip to Redis for every request costs more than the request itself (at 256 connections
// on 2 cores, 16.8k req/s without limits against 10.6k with a Redis call each, whatever the number
// of connections). So a replica takes tokens in leases of burst/20 and hands them out locally for
// at most kLeaseLifetime: one Redis call per lease. A lease holds 1 to 100 tokens, or up to what the
// bucket refills in a lease's lifetime, at most 1,000: a refill sends its request, and those
// arriving during the round trip, to a handler thread, and a client at 10,000 req/s with a large
// burst costs 10 refills a second rather than 100. What a lease leaves unspent when it expires is
// given back with the replica's next refill for that client (in the same script call), so a client
// using few of its tokens does not lose the rest: without that, a lease larger than the bucket's
// refill would drain the bucket of a client well under its rate, a lease a second. The price: a
// replica may hold up to one lease unused, so across N replicas up to N leases (5 % of the burst
// each) may be withheld until that replica next refills for the client (for good when the client
// no longer reaches it, the bucket's refill making up for them), spent a moment late, or lost with
// a replica that stops or a lease pruned while idle. A burst under 40 leases one token at a time: exact.
class RedisRateLimiter : public RateLimiter {
 public:
  static constexpr std::chrono::seconds kLeaseLifetime{1};
  // take_without_waiting() tries a lease another request holds this often before giving up.
  static constexpr int kTriesForABusyLease = 100;

  // `connections` clients, each used by one request at a time.
  RedisRateLimiter(const redis::RedisOptions& options, std::size_t connections);
  RateDecision take(const std::string& client, const RateLimit& limit) override;
  // Decided from the lease in hand (or a refusal remembered); std::nullopt when it needs a refill.
  std::optional<RateDecision> take_without_waiting(const std::string& client, const RateLimit& limit) override;

  // Tokens taken from Redis at once for `limit`.
  static std::size_t lease_size(const RateLimit& limit);

 private:
  // Tokens this replica took from a client's bucket and has not handed out yet.
  struct Lease {
    std::mutex mutex;
    std::atomic<bool> refilling{false};  // the mutex is held across a round trip to Redis
    std::size_t tokens = 0;
    std::chrono::steady_clock::time_point expires;
    double remaining = 0;  // left in the shared bucket when the lease was taken
    std::chrono::milliseconds reset{0};
    // After Redis refused: until then (at most kLeaseLifetime) refusals are answered from here, so
    // a client hammering past its limit costs no round trip per request.
    std::chrono::steady_clock::time_point refused_until;
    std::chrono::steady_clock::time_point next_token;  // when Redis said a token would be back
  };
  // The client's lease, made empty if it has none.
  std::shared_ptr<Lease> lease_of(const std::string& client);
  // From the lease alone, its mutex held; std::nullopt when Redis must be asked.
  static std::optional<RateDecision> take_from_lease(Lease& lease, const RateLimit& limit,
                                                     std::chrono::steady_clock::time_point now);
  // Drops the leases nobody holds once there are many (one per client name seen).
  void prune_leases();
  // Takes up to `wanted` tokens from the client's bucket after giving `returned` back.
  redis::Reply take_from_redis(const std::string& client, const RateLimit& limit, std::size_t wanted,
                               std::size_t returned);

  struct Slot {
    std::mutex mutex;
    std::unique_ptr<redis::RedisClient> client;
  };
  redis::Reply run(redis::RedisClient& client, const std::vector<std::string>& args);

  std::vector<std::unique_ptr<Slot>> slots_;
  std::mutex leases_mutex_;
  std::unordered_map<std::string, std::shared_ptr<Lease>> leases_;  // by client
  std::atomic<std::size_t> next_{0};
  std::mutex sha_mutex_;
  std::string script_sha_;  // once SCRIPT LOAD answered
};

}  // namespace orderflow::auth
