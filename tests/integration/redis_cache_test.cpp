// The Redis deduplication cache against a real Redis, including one that restarts.
#include <gtest/gtest.h>

#include "orderflow/redis/processed_event_cache.h"
#include "test_stack.h"

namespace orderflow::testing {
namespace {

TEST(RedisCache, RemembersIdsWithAnExpiry) {
  redis::RedisClient client({shared_stack().redis_url(), std::chrono::milliseconds(500)});
  redis::ProcessedEventCache cache(client, std::chrono::seconds(3600));
  cache.remember({"r1", "r2"});
  EXPECT_EQ(cache.contains({"r1", "missing", "r2"}), (std::vector<bool>{true, false, true}));
  const auto ttl = client.command({"TTL", redis::ProcessedEventCache::key("r1")});
  EXPECT_GT(ttl.integer, 3500);
  EXPECT_LE(ttl.integer, 3600);
}

TEST(RedisCache, FailsLoudlyWhileRedisIsDownAndRecoversAfterItRestarts) {
  redis::RedisClient client({shared_stack().redis_url(), std::chrono::milliseconds(300)});
  redis::ProcessedEventCache cache(client, std::chrono::seconds(60));
  cache.remember({"before"});

  shared_stack().kill("redis");
  EXPECT_THROW(cache.contains({"before"}), redis::RedisError);
  shared_stack().start("redis");

  // The ephemeral Redis keeps nothing across a restart; the client reconnects by itself.
  EXPECT_EQ(cache.contains({"before"}), std::vector<bool>{false});
  cache.remember({"after"});
  EXPECT_EQ(cache.contains({"after"}), std::vector<bool>{true});
}

}  // namespace
}  // namespace orderflow::testing
