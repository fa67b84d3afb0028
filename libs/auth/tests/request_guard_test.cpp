#include "orderflow/auth/request_guard.h"

#include <gtest/gtest.h>
#include <thread>

#include "orderflow/auth/api_key.h"

namespace orderflow::auth {
namespace {

// Counts takes per client against a fixed number of tokens; throws when told Redis is down.
class FakeRateLimiter : public RateLimiter {
 public:
  RateDecision take(const std::string& client, const RateLimit& limit) override {
    if (down) throw std::runtime_error("Redis unavailable");
    last_limit = limit;
    const double used = ++taken[client];
    RateDecision decision;
    decision.limit = limit.burst;
    decision.allowed = used <= limit.burst;
    decision.remaining = decision.allowed ? limit.burst - used : 0;
    decision.retry_after = std::chrono::milliseconds(decision.allowed ? 0 : 1500);
    decision.reset = std::chrono::milliseconds(2000);
    return decision;
  }
  // Like a lease: decided locally while `leased` holds, else the caller must ask where it may wait.
  std::optional<RateDecision> take_without_waiting(const std::string& client, const RateLimit& limit) override {
    if (!leased) return std::nullopt;
    return take(client, limit);
  }
  std::map<std::string, int> taken;
  RateLimit last_limit;
  bool down = false;
  bool leased = true;
};

class RequestGuardTest : public ::testing::Test {
 protected:
  RequestGuardTest()
      : keys_([this] { return stored_; }, std::chrono::hours(1)),
        guard_(keys_, &limiter_, GuardOptions{.default_limit = {10, 3}}, registry_) {}

  std::string add_key(const std::string& name, std::optional<RateLimit> limit = std::nullopt) {
    const IssuedKey key = issue_api_key();
    stored_.push_back({{name, {"OrderPlaced"}, limit}, key.prefix, key.hash, "2026-11-23T00:00:00Z", std::nullopt});
    keys_.reload();
    return key.secret;
  }

  http::Response call(const std::string& authorization, http::Request* seen = nullptr) {
    http::Request request;
    if (!authorization.empty()) request.set_header("Authorization", authorization);
    http::Response response;
    response.status = guard_.admit(request, response) ? 200 : response.status;
    if (seen) *seen = request;
    return response;
  }

  std::vector<StoredKey> stored_;
  metrics::Registry registry_;
  FakeRateLimiter limiter_;
  KeyDirectory keys_;
  RequestGuard guard_;
};

TEST_F(RequestGuardTest, WithoutACredentialTheAnswerIs401WithABearerChallenge) {
  for (const char* authorization : {"", "Basic dXNlcjpwYXNz"}) {
    const auto response = call(authorization);
    EXPECT_EQ(response.status, 401);
    EXPECT_EQ(response.get_header_value("WWW-Authenticate"), R"(Bearer realm="orderflow")");
    EXPECT_NE(response.body.find(R"("error":"unauthenticated")"), std::string::npos);
  }
}

TEST_F(RequestGuardTest, AnUnknownOrRevokedKeyIs401InvalidToken) {
  const std::string key = add_key("shop");
  EXPECT_EQ(call("Bearer " + key).status, 200);
  stored_.clear();  // revoked
  keys_.reload();
  const auto response = call("Bearer " + key);
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.get_header_value("WWW-Authenticate"), R"(Bearer realm="orderflow", error="invalid_token")");
  EXPECT_NE(response.body.find(R"("error":"invalid_api_key")"), std::string::npos);
  EXPECT_EQ(response.body.find(key), std::string::npos);
}

TEST_F(RequestGuardTest, AKnownKeyNamesTheCallerAndItsEventTypes) {
  const std::string key = add_key("shop");
  http::Request seen;
  const auto response = call("Bearer " + key, &seen);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(seen.caller.name, "shop");
  EXPECT_TRUE(seen.caller.may("OrderPlaced"));
  EXPECT_FALSE(seen.caller.may("PaymentSettled"));
  EXPECT_EQ(response.get_header_value("RateLimit-Limit"), "3");
  EXPECT_EQ(response.get_header_value("RateLimit-Remaining"), "2");
}

TEST_F(RequestGuardTest, PastItsBurstAKeyGets429WithRetryAfter) {
  const std::string key = add_key("shop");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(call("Bearer " + key).status, 200);
  const auto response = call("Bearer " + key);
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.get_header_value("Retry-After"), "2");  // 1.5 s, rounded up
  EXPECT_EQ(response.get_header_value("RateLimit-Remaining"), "0");
  EXPECT_NE(response.body.find(R"("error":"rate_limited")"), std::string::npos);
  // Another client's bucket is its own.
  EXPECT_EQ(call("Bearer " + add_key("other")).status, 200);
}

TEST_F(RequestGuardTest, AKeysOwnLimitOverridesTheDefault) {
  const std::string key = add_key("bulk", RateLimit{1000, 5000});
  EXPECT_EQ(call("Bearer " + key).status, 200);
  EXPECT_EQ(limiter_.last_limit.burst, 5000);
  EXPECT_EQ(limiter_.last_limit.per_second, 1000);
}

TEST_F(RequestGuardTest, WhenRedisIsDownEachReplicaLimitsFromItsOwnMemory) {
  const std::string key = add_key("shop");
  limiter_.down = true;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(call("Bearer " + key).status, 200);
  const auto limited = call("Bearer " + key);
  EXPECT_EQ(limited.status, 429);
  EXPECT_FALSE(limited.get_header_value("Retry-After").empty());
  EXPECT_EQ(call("Bearer not-a-key").status, 401);
}

TEST_F(RequestGuardTest, WhereNothingMayWaitARateLimitNeedingRedisIsLeftToAWorker) {
  const std::string key = add_key("shop");
  http::Request request;
  request.set_header("Authorization", "Bearer " + key);
  http::Response response;
  EXPECT_EQ(guard_.check(request, response, false), http::Server::Admission::kAdmitted) << "from the lease";
  limiter_.leased = false;
  EXPECT_EQ(guard_.check(request, response, false), http::Server::Admission::kWouldWait);
  EXPECT_EQ(limiter_.taken["shop"], 1) << "nothing taken while it would wait";
  EXPECT_EQ(guard_.check(request, response, true), http::Server::Admission::kAdmitted);
  request.set_header("Authorization", "Bearer not-a-key");
  EXPECT_EQ(guard_.check(request, response, false), http::Server::Admission::kRefused) << "a bad key needs no wait";
}

// Polls until the directory's keys are older than it allows.
bool eventually_stale(const KeyDirectory& keys) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (keys.usable()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

TEST(RequestGuardStaleKeys, KeysNotReloadedForTooLongRefuseEveryoneWith503) {
  bool database_up = true;
  const IssuedKey issued = issue_api_key();
  KeyDirectory keys(
      [&] {
        if (!database_up) throw std::runtime_error("database down");
        return std::vector<StoredKey>{{{"shop", {"*"}, std::nullopt}, issued.prefix, issued.hash, "", std::nullopt}};
      },
      std::chrono::hours(1), std::chrono::milliseconds(50));
  metrics::Registry registry;
  RequestGuard guard(keys, nullptr, {}, registry);
  auto call = [&] {
    http::Request request;
    request.set_header("Authorization", "Bearer " + issued.secret);
    http::Response response;
    return guard.admit(request, response) ? 200 : response.status;
  };
  EXPECT_EQ(call(), 200);
  database_up = false;
  EXPECT_THROW(keys.reload(), std::runtime_error);
  EXPECT_TRUE(eventually_stale(keys));
  EXPECT_EQ(call(), 503);
  database_up = true;
  keys.reload();
  EXPECT_EQ(call(), 200);
}

TEST(ReplyForbidden, SaysWhatTheKeyMayNotDoWithInsufficientScope) {
  http::Response response;
  reply_forbidden(response, "publish PaymentSettled events");
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(response.get_header_value("WWW-Authenticate"), R"(Bearer realm="orderflow", error="insufficient_scope")");
  EXPECT_NE(response.body.find("publish PaymentSettled events"), std::string::npos);
}

}  // namespace
}  // namespace orderflow::auth
