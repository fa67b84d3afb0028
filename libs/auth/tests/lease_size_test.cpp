// How many tokens a gateway replica takes from a client's shared bucket at once (see
// RedisRateLimiter): pure arithmetic, checked without Redis.
#include <gtest/gtest.h>

#include "orderflow/auth/rate_limiter.h"

namespace orderflow::auth {
namespace {

std::size_t lease(double per_second, double burst) {
  return RedisRateLimiter::lease_size({.per_second = per_second, .burst = burst});
}

TEST(LeaseSize, IsATwentiethOfTheBurstFromOneTokenUpToAHundred) {
  EXPECT_EQ(lease(200, 400), 20u);
  EXPECT_EQ(lease(200, 39), 1u);  // a burst under 40: one token at a time, exact
  EXPECT_EQ(lease(0.001, 200), 10u);
  EXPECT_EQ(lease(10, 100'000), 100u);
}

// Unspent tokens of an expired lease are lost to the bucket: above 100, a lease larger than the
// bucket refills in its lifetime would drain the bucket of a client well under its rate.
TEST(LeaseSize, AboveAHundredIsNoMoreThanTheBucketRefillsWhileALeaseLasts) {
  EXPECT_EQ(lease(200, 10'000), 200u);
  EXPECT_EQ(lease(750, 1'000'000), 750u);
  EXPECT_EQ(lease(100'000'000, 100'000'000), 1000u);  // and never above 1,000
}

}  // namespace
}  // namespace orderflow::auth
