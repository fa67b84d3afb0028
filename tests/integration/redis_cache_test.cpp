// The Redis deduplication cache against a real Redis, including one that restarts.
#include <gtest/gtest.h>

#include "orderflow/redis/processed_event_cache.h"

#include "test_stack.h"

namespace orderflow::testing {
namespace {

TEST(RedisCache, RemembersIdsWithAnExpiry) {
  redis::RedisClient client({shared_stack().redis_url(), std::chrono::milliseconds(500)});
  redis::ProcessedEventCache cache(client, std::chrono::seconds(3600));
  cache.remember({{"r1", "f1"}, {"r2", "f2"}});
  EXPECT_EQ(cache.lookup({"r1", "missing", "r2"}), (std::vector<std::optional<std::string>>{"f1", std::nullopt, "f2"}));
  const auto ttl = client.command({"TTL", redis::ProcessedEventCache::key("r1")});
  EXPECT_GT(ttl.integer, 3500);
  EXPECT_LE(ttl.integer, 3600);
}

TEST(RedisCache, FailsLoudlyWhileRedisIsDownAndRecoversAfterItRestarts) {
  redis::RedisClient client({shared_stack().redis_url(), std::chrono::milliseconds(300)});
  redis::ProcessedEventCache cache(client, std::chrono::seconds(60));
  cache.remember({{"before", "f"}});

  shared_stack().kill("redis");
  EXPECT_THROW(cache.lookup({"before"}), redis::RedisError);
  shared_stack().start("redis");

  // The ephemeral Redis keeps nothing across a restart; the client reconnects by itself.
  EXPECT_FALSE(cache.lookup({"before"}).at(0).has_value());
  cache.remember({{"after", "f"}});
  EXPECT_EQ(cache.lookup({"after"}).at(0), "f");
}

}  // namespace
}  // namespace orderflow::testing
