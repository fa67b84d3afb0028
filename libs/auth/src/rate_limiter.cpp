#include "orderflow/auth/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <thread>
#include <utility>

namespace orderflow::auth {
namespace {

// KEYS[1] the bucket; ARGV rate per second, burst, tokens wanted, tokens given back (what the
// caller's expired lease left unspent). Gives back, then takes as many of the wanted tokens as the
// bucket holds whole. Returns {tokens granted, tokens left, seconds until a token,
// seconds until full} (numbers as strings: Lua numbers would be truncated to integers).
constexpr std::string_view kTokenBucket = R"lua(
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3])
local returned = tonumber(ARGV[4])
local time = redis.call('TIME')
local now = tonumber(time[1]) + tonumber(time[2]) / 1000000
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or burst
local at = tonumber(bucket[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate + returned)
local granted = math.min(wanted, math.floor(tokens))
local wait = 0
if granted >= 1 then
  tokens = tokens - granted
else
  granted = 0
  wait = (1 - tokens) / rate
end
local full = (burst - tokens) / rate
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(full * 1000) + 1000)
return {granted, tostring(tokens), tostring(wait), tostring(full)}
)lua";

// Seconds from the script as milliseconds, within a day whatever the script computed.
std::chrono::milliseconds millis_of(const std::string& seconds) {
  const double value = std::stod(seconds);
  if (!std::isfinite(value) || value <= 0) return std::chrono::milliseconds(0);
  return std::chrono::milliseconds(static_cast<long long>(std::ceil(std::min(value, 86'400.0) * 1000)));
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

}  // namespace

RedisRateLimiter::RedisRateLimiter(const redis::RedisOptions& options, std::size_t connections) {
  for (std::size_t i = 0; i < std::max<std::size_t>(1, connections); ++i) {
    auto slot = std::make_unique<Slot>();
    slot->client = std::make_unique<redis::RedisClient>(options);
    slots_.push_back(std::move(slot));
  }
}

redis::Reply RedisRateLimiter::run(redis::RedisClient& client, const std::vector<std::string>& args) {
  std::string sha;
  {
    std::lock_guard lock(sha_mutex_);
    sha = script_sha_;
  }
  if (!sha.empty()) {
    std::vector<std::string> command = {"EVALSHA", sha};
    command.insert(command.end(), args.begin(), args.end());
    auto reply = client.command(command);
    if (reply.type != redis::Reply::Type::kError || reply.text.rfind("NOSCRIPT", 0) != 0) return reply;
  }
  // First use, or Redis restarted and lost its script cache.
  const auto loaded = client.command({"SCRIPT", "LOAD", std::string(kTokenBucket)});
  if (loaded.type != redis::Reply::Type::kString) throw redis::RedisError("Redis refused the rate-limit script");
  {
    std::lock_guard lock(sha_mutex_);
    script_sha_ = loaded.text;
  }
  std::vector<std::string> command = {"EVALSHA", loaded.text};
  command.insert(command.end(), args.begin(), args.end());
  return client.command(command);
}

RateDecision LocalRateLimiter::take(const std::string& client, const RateLimit& limit) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (buckets_.size() > 10'000) buckets_.clear();  // a fresh start beats growing without bound
  auto [it, created] = buckets_.try_emplace(client, Bucket{limit.burst, now});
  Bucket& bucket = it->second;
  const double elapsed = std::chrono::duration<double>(now - bucket.at).count();
  bucket.tokens = std::min(limit.burst, bucket.tokens + elapsed * limit.per_second);
  bucket.at = now;
  RateDecision decision;
  decision.limit = limit.burst;
  decision.allowed = bucket.tokens >= 1;
  if (decision.allowed) bucket.tokens -= 1;
  decision.remaining = bucket.tokens;
  const auto seconds = [](double s) { return std::chrono::milliseconds(static_cast<long long>(std::ceil(s * 1000))); };
  if (!decision.allowed) decision.retry_after = seconds((1 - bucket.tokens) / limit.per_second);
  decision.reset = seconds((limit.burst - bucket.tokens) / limit.per_second);
  return decision;
}

std::size_t RedisRateLimiter::lease_size(const RateLimit& limit) {
  // Above 100, no more than the bucket refills while a lease lasts: a lease withholds its tokens
  // from the other replicas until it is spent or given back, so that share stays a second's
  // refill at most.
  const double refilled = std::floor(limit.per_second * std::chrono::duration<double>(kLeaseLifetime).count());
  return static_cast<std::size_t>(std::clamp(std::floor(limit.burst / 20), 1.0, std::clamp(refilled, 100.0, 1000.0)));
}

std::shared_ptr<RedisRateLimiter::Lease> RedisRateLimiter::lease_of(const std::string& client) {
  std::lock_guard lock(leases_mutex_);
  if (leases_.size() > 10'000) prune_leases();
  auto& slot = leases_[client];
  if (!slot) slot = std::make_shared<Lease>();
  return slot;
}

std::optional<RateDecision> RedisRateLimiter::take_from_lease(Lease& lease, const RateLimit& limit,
                                                              std::chrono::steady_clock::time_point now) {
  RateDecision decision;
  decision.limit = limit.burst;
  if (lease.tokens >= 1 && now < lease.expires) {
    lease.tokens -= 1;
    decision.remaining = lease.remaining + static_cast<double>(lease.tokens);
    decision.reset = lease.reset;
    return decision;
  }
  if (now < lease.refused_until) {
    decision.allowed = false;
    decision.remaining = 0;
    decision.retry_after = std::chrono::ceil<std::chrono::milliseconds>(lease.next_token - now);
    decision.reset = lease.reset;
    return decision;
  }
  return std::nullopt;
}

std::optional<RateDecision> RedisRateLimiter::take_without_waiting(const std::string& client, const RateLimit& limit) {
  const auto lease = lease_of(client);
  // Another request holds the lease's mutex for a moment to take a token, or for a round trip to
  // Redis to refill it: the first is waited out (a few tries), the second is not.
  std::unique_lock lease_lock(lease->mutex, std::defer_lock);
  for (int tries = 0; !lease_lock.try_lock(); ++tries) {
    if (lease->refilling.load(std::memory_order_acquire) || tries == kTriesForABusyLease) return std::nullopt;
    std::this_thread::yield();
  }
  return take_from_lease(*lease, limit, std::chrono::steady_clock::now());
}

RateDecision RedisRateLimiter::take(const std::string& client, const RateLimit& limit) {
  const auto lease = lease_of(client);
  std::lock_guard lease_lock(lease->mutex);
  const auto now = std::chrono::steady_clock::now();
  if (auto decision = take_from_lease(*lease, limit, now)) return *decision;
  lease->refilling.store(true, std::memory_order_release);
  struct Refilled {
    std::atomic<bool>& refilling;
    ~Refilled() { refilling.store(false, std::memory_order_release); }
  } refilled{lease->refilling};
  // What the expired lease left unspent goes back with this call; the lease forgets it first, so
  // a call that fails after Redis ran it cannot give the same tokens back twice.
  const std::size_t unspent = std::exchange(lease->tokens, 0);
  const auto reply = take_from_redis(client, limit, lease_size(limit), unspent);
  const auto granted = static_cast<std::size_t>(std::max<long long>(0, reply.elements[0].integer));
  RateDecision decision;
  decision.limit = limit.burst;
  decision.allowed = granted >= 1;
  lease->tokens = decision.allowed ? granted - 1 : 0;
  lease->expires = now + kLeaseLifetime;
  lease->remaining = std::stod(reply.elements[1].text);
  lease->reset = millis_of(reply.elements[3].text);
  decision.remaining = lease->remaining + static_cast<double>(lease->tokens);
  decision.retry_after = millis_of(reply.elements[2].text);
  decision.reset = lease->reset;
  if (!decision.allowed) {
    lease->next_token = now + decision.retry_after;
    lease->refused_until = now + std::min<std::chrono::steady_clock::duration>(decision.retry_after, kLeaseLifetime);
  }
  return decision;
}

void RedisRateLimiter::prune_leases() {
  const auto now = std::chrono::steady_clock::now();
  for (auto it = leases_.begin(); it != leases_.end();) {
    const bool idle = it->second.use_count() == 1 && it->second->expires < now && it->second->refused_until < now;
    it = idle ? leases_.erase(it) : std::next(it);
  }
}

redis::Reply RedisRateLimiter::take_from_redis(const std::string& client, const RateLimit& limit, std::size_t wanted,
                                               std::size_t returned) {
  Slot& slot = *slots_[next_.fetch_add(1, std::memory_order_relaxed) % slots_.size()];
  std::lock_guard lock(slot.mutex);
  auto reply = run(*slot.client, {"1", "orderflow:ratelimit:" + client, number(limit.per_second), number(limit.burst),
                                  std::to_string(wanted), std::to_string(returned)});
  if (reply.type != redis::Reply::Type::kArray || reply.elements.size() != 4) {
    throw redis::RedisError("unexpected rate-limit reply from Redis" +
                            (reply.type == redis::Reply::Type::kError ? ": " + reply.text : std::string()));
  }
  return reply;
}

}  // namespace orderflow::auth
