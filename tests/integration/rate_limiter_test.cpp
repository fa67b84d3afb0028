// RedisRateLimiter on a real Redis: two limiters stand for two gateway replicas sharing one
// client's bucket, each taking tokens in leases.
#include "orderflow/auth/rate_limiter.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "eventually.h"
#include "test_stack.h"

namespace orderflow::testing {
namespace {

TEST(RedisRateLimiter, ReplicasShareOneBucketAndAdmitNoMoreThanItHolds) {
  const redis::RedisOptions options{.url = shared_stack().redis_url()};
  auth::RedisRateLimiter first(options, 2), second(options, 2);
  const std::string client = "replicas-" + std::to_string(getpid());
  const auth::RateLimit limit{.per_second = 0.001, .burst = 200};  // no refill within the test
  ASSERT_EQ(auth::RedisRateLimiter::lease_size(limit), 10u);
  std::size_t admitted = 0;
  auth::RateDecision last;
  for (int i = 0; i < 300; ++i) {
    last = (i % 2 ? second : first).take(client, limit);
    if (last.allowed) ++admitted;
  }
  EXPECT_EQ(admitted, 200u) << "the bucket's 200 tokens, no more, no fewer";
  EXPECT_FALSE(last.allowed);
  EXPECT_GT(last.retry_after, std::chrono::seconds(60));  // one token takes 1,000 s at this rate
}

TEST(RedisRateLimiter, ASmallBurstIsLeasedOneTokenAtATimeSoItIsExact) {
  const redis::RedisOptions options{.url = shared_stack().redis_url()};
  auth::RedisRateLimiter first(options, 1), second(options, 1);
  const std::string client = "small-" + std::to_string(getpid());
  const auth::RateLimit limit{.per_second = 0.001, .burst = 3};
  EXPECT_TRUE(first.take(client, limit).allowed);
  EXPECT_TRUE(second.take(client, limit).allowed);
  const auto third = first.take(client, limit);
  EXPECT_TRUE(third.allowed);
  EXPECT_LT(third.remaining, 0.01);  // what trickled in since, at 0.001 per second
  EXPECT_FALSE(second.take(client, limit).allowed);
}

TEST(RedisRateLimiter, ABucketRefillsAtItsRate) {
  const redis::RedisOptions options{.url = shared_stack().redis_url()};
  auth::RedisRateLimiter limiter(options, 1);
  const std::string client = "refill-" + std::to_string(getpid());
  const auth::RateLimit limit{.per_second = 20, .burst = 1};
  EXPECT_TRUE(limiter.take(client, limit).allowed);
  const auto refused = limiter.take(client, limit);
  ASSERT_FALSE(refused.allowed);
  EXPECT_LE(refused.retry_after, std::chrono::milliseconds(50));
  EXPECT_TRUE(eventually([&] { return limiter.take(client, limit).allowed; }, std::chrono::seconds(2),
                         std::chrono::milliseconds(10)));
}

// A lease larger than the bucket refills while it lasts (here 100 tokens against 1 a second): the
// tokens it did not hand out go back with the next refill, so a client using few of its tokens
// keeps the rest of its bucket rather than losing a lease's worth every second.
TEST(RedisRateLimiter, WhatAnExpiredLeaseLeftUnspentGoesBackToTheBucket) {
  const redis::RedisOptions options{.url = shared_stack().redis_url()};
  auth::RedisRateLimiter limiter(options, 1);
  redis::RedisClient redis(options);
  const std::string client = "give-back-" + std::to_string(getpid());
  const auto bucket_tokens = [&] {
    return std::stod(redis.command({"HGET", "orderflow:ratelimit:" + client, "tokens"}).text);
  };
  const auto bucket_time = [&] { return redis.command({"HGET", "orderflow:ratelimit:" + client, "at"}).text; };
  const auth::RateLimit limit{.per_second = 1, .burst = 2000};
  const auto lease = auth::RedisRateLimiter::lease_size(limit);
  ASSERT_EQ(lease, 100u);

  ASSERT_TRUE(limiter.take(client, limit).allowed);
  const auto first_refill = bucket_time();
  std::size_t admitted = 1;
  // A few requests a second until the lease has expired and been refilled.
  ASSERT_TRUE(eventually(
      [&] {
        admitted += limiter.take(client, limit).allowed ? 1 : 0;
        return bucket_time() != first_refill;
      },
      std::chrono::seconds(5), std::chrono::milliseconds(200)));
  // Now the bucket holds the burst less what was admitted and the new lease, plus the second or
  // two it refilled meanwhile; without the give-back it would be short by the first lease's rest.
  const double expected = 2000.0 - static_cast<double>(admitted) - static_cast<double>(lease - 1);
  EXPECT_GE(bucket_tokens(), expected) << admitted << " admitted";
  EXPECT_LE(bucket_tokens(), expected + 5) << "no more is given back than the lease left unspent";
}

// Where nothing may wait (an HTTP I/O thread), a decision comes from the lease in hand; without
// one, the caller is told to ask where it may wait, and nothing is taken meanwhile.
TEST(RedisRateLimiter, WithoutWaitingOnlyTheLeaseInHandDecides) {
  const redis::RedisOptions options{.url = shared_stack().redis_url()};
  auth::RedisRateLimiter limiter(options, 1);
  const std::string client = "no-wait-" + std::to_string(getpid());
  const auth::RateLimit limit{.per_second = 0.001, .burst = 40};  // leases of 2, no refill within the test
  ASSERT_EQ(auth::RedisRateLimiter::lease_size(limit), 2u);
  EXPECT_FALSE(limiter.take_without_waiting(client, limit)) << "no lease yet: Redis must be asked";
  std::size_t admitted = 0;
  for (int i = 0; i < 60; ++i) {
    auto decision = limiter.take_without_waiting(client, limit);
    if (!decision) decision = limiter.take(client, limit);
    if (decision->allowed) ++admitted;
  }
  EXPECT_EQ(admitted, 40u) << "both ways together admit what the bucket holds, no more, no fewer";
  const auto refused = limiter.take_without_waiting(client, limit);
  ASSERT_TRUE(refused) << "a refusal is remembered, so a client past its limit costs no round trip";
  EXPECT_FALSE(refused->allowed);
}

}  // namespace
}  // namespace orderflow::testing
