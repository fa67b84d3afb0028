#include "review_ledger.h"

#include "orderflow/common/failure.h"
#include "orderflow/redis/keys.h"

namespace orderflow::gateway {
namespace {

// Deletes the claim only when it is still the given event's.
constexpr const char* kReleaseIfOwned = R"(
  if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
  return 0)";

}  // namespace

StoredReviewLedger::StoredReviewLedger(postgres::ConnectionPool& database, redis::RedisOptions redis)
    : database_(database), redis_(std::move(redis)) {}

std::optional<ReviewState> StoredReviewLedger::find(const std::string& review_id) {
  try {
    auto connection = database_.acquire();
    pqxx::read_transaction txn(*connection);
    const auto rows = txn.exec_params("SELECT order_id, status FROM reviews WHERE review_id = $1", review_id);
    if (rows.empty()) return std::nullopt;
    return ReviewState{rows[0][0].c_str(), rows[0][1].c_str()};
  } catch (const std::exception& e) {
    if (!postgres::is_transient(e)) throw;
    throw Unavailable(std::string("PostgreSQL unavailable: ") + e.what());
  }
}

bool StoredReviewLedger::claim(const std::string& review_id, const std::string& event_id) {
  const std::string key = redis::keys::review_decision(review_id);
  const std::string retention = std::to_string(redis::keys::kReviewDecisionRetention.count());
  std::lock_guard lock(redis_mutex_);
  try {
    const auto set = redis_.command({"SET", key, event_id, "NX", "EX", retention});
    if (set.type == redis::Reply::Type::kStatus) return true;
    const auto holder = redis_.command({"GET", key});
    return holder.type == redis::Reply::Type::kString && holder.text == event_id;
  } catch (const redis::RedisError& e) {
    throw Unavailable(std::string("Redis unavailable: ") + e.what());
  }
}

void StoredReviewLedger::release(const std::string& review_id, const std::string& event_id) {
  std::lock_guard lock(redis_mutex_);
  try {
    redis_.command({"EVAL", kReleaseIfOwned, "1", redis::keys::review_decision(review_id), event_id});
  } catch (const redis::RedisError&) {
    // The claim then expires by itself; until it does, the review answers 409.
  }
}

}  // namespace orderflow::gateway
