#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "orderflow/postgres/connection_pool.h"
#include "orderflow/redis/redis_client.h"

namespace orderflow::gateway {

// What the gateway must know of a review before it publishes a decision on it.
struct ReviewState {
  std::string order_id;
  std::string status;  // pending, approved, rejected
};

// Where POST /reviews/{id}/decision checks that a review exists and is still undecided, and claims
// its one decision, so a second decision gets 409 even while the first is still on its way to
// PostgreSQL. (Should a claim be lost, the processor still applies only the first decision.)
// Throws Unavailable when the store cannot answer.
class ReviewLedger {
 public:
  virtual ~ReviewLedger() = default;
  // The review as stored now; nullopt when there is none.
  virtual std::optional<ReviewState> find(const std::string& review_id) = 0;
  // True when the review's decision is now `event_id`'s (or already was: a retried request).
  virtual bool claim(const std::string& review_id, const std::string& event_id) = 0;
  // Gives back a claim whose event was not published.
  virtual void release(const std::string& review_id, const std::string& event_id) = 0;
};

// Reviews from PostgreSQL (the reviews table), claims in Redis.
class StoredReviewLedger : public ReviewLedger {
 public:
  StoredReviewLedger(postgres::ConnectionPool& database, redis::RedisOptions redis);

  std::optional<ReviewState> find(const std::string& review_id) override;
  bool claim(const std::string& review_id, const std::string& event_id) override;
  void release(const std::string& review_id, const std::string& event_id) override;

 private:
  postgres::ConnectionPool& database_;
  std::mutex redis_mutex_;  // a RedisClient is one connection for one thread at a time
  redis::RedisClient redis_;
};

}  // namespace orderflow::gateway
