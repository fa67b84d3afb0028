#include "orderflow/auth/rate_limiter.h"

#include <cmath>
#include <string_view>

namespace orderflow::auth {
namespace {

// KEYS[1] the bucket; ARGV rate per second, burst. Returns {allowed, tokens left, seconds until a
// token, seconds until full} (numbers as strings: Lua numbers would be truncated to integers).
constexpr std::string_view kTokenBucket = R"lua(
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) + tonumber(time[2]) / 1000000
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or burst
local at = tonumber(bucket[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = (1 - tokens) / rate
end
local full = (burst - tokens) / rate
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(full * 1000) + 1000)
return {allowed, tostring(tokens), tostring(wait), tostring(full)}
)lua";

std::chrono::milliseconds millis_of(const std::string& seconds) {
  return std::chrono::milliseconds(static_cast<long long>(std::ceil(std::stod(seconds) * 1000)));
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

RateDecision RedisRateLimiter::take(const std::string& client, const RateLimit& limit) {
  Slot& slot = *slots_[next_.fetch_add(1, std::memory_order_relaxed) % slots_.size()];
  std::lock_guard lock(slot.mutex);
  const auto reply =
      run(*slot.client, {"1", "orderflow:ratelimit:" + client, number(limit.per_second), number(limit.burst)});
  if (reply.type != redis::Reply::Type::kArray || reply.elements.size() != 4) {
    throw redis::RedisError("unexpected rate-limit reply from Redis" +
                            (reply.type == redis::Reply::Type::kError ? ": " + reply.text : std::string()));
  }
  RateDecision decision;
  decision.allowed = reply.elements[0].integer == 1;
  decision.limit = limit.burst;
  decision.remaining = std::stod(reply.elements[1].text);
  decision.retry_after = millis_of(reply.elements[2].text);
  decision.reset = millis_of(reply.elements[3].text);
  return decision;
}

}  // namespace orderflow::auth
