// BatchProcessor with in-memory fakes for the store, the cache and the dead letter queue.
#include "batch_processor.h"

#include <gtest/gtest.h>
#include <map>
#include <set>

#include "orderflow/common/failure.h"
#include "orderflow/redis/redis_client.h"

namespace orderflow::processor {
namespace {

// Applies events once per id, like the PostgreSQL inbox; can be told to refuse an event's data
// or to be unavailable.
class FakeStore : public storage::EventStore {
 public:
  storage::ApplyResult apply(const std::vector<storage::IncomingEvent>& events) override {
    ++calls;
    if (unavailable) throw Unavailable("server closed the connection");
    for (const auto& e : events) {
      if (refused.count(e.event_id)) throw MessageRefused("apply_failed", "invalid input syntax for type numeric");
    }
    storage::ApplyResult result;
    for (const auto& e : events) {
      if (without_effect.count(e.event_id)) {
        result.without_effect.push_back(e.event_id);
        continue;
      }
      (applied.insert(e.event_id).second ? result.applied : result.duplicates).push_back(e.event_id);
    }
    return result;
  }
  std::set<std::string> applied, refused, without_effect;
  bool unavailable = false;
  int calls = 0;
};

class FakeCache : public DedupCache {
 public:
  std::vector<std::optional<std::string>> lookup(const std::vector<std::string>& ids) override {
    if (down) throw redis::RedisError("connection refused");
    std::vector<std::optional<std::string>> out;
    for (const auto& id : ids) {
      const auto it = fingerprints_.find(id);
      out.push_back(it == fingerprints_.end() ? std::nullopt : std::optional<std::string>(it->second));
    }
    return out;
  }
  void remember(const Fingerprints& fingerprints) override {
    if (down) throw redis::RedisError("connection refused");
    for (const auto& [id, fingerprint] : fingerprints) fingerprints_[id] = fingerprint;
  }
  std::map<std::string, std::string> fingerprints_;
  bool down = false;
};

class FakeDeadLetters : public dead_letters::DeadLetterSink {
 public:
  void send_all(const std::vector<dead_letters::DeadLetter>& letters) override {
    sent.insert(sent.end(), letters.begin(), letters.end());
  }
  std::vector<dead_letters::DeadLetter> sent;
};

kafka::Message event_message(const std::string& id, std::int64_t offset) {
  kafka::Message m;
  m.topic = "validated";
  m.offset = offset;
  m.value = R"({"eventId":")" + id + R"(","eventType":"OrderPlaced"})";
  return m;
}

class BatchProcessorTest : public ::testing::Test {
 protected:
  metrics::Registry registry_;
  ProcessorMetrics metrics_{registry_};
  FakeStore store_;
  FakeCache cache_;
  FakeDeadLetters dead_letters_;
  BatchProcessor processor_{store_, cache_, dead_letters_, metrics_};
};

TEST_F(BatchProcessorTest, RedeliveredBatchIsSkippedByTheCacheWithoutTouchingTheStore) {
  const std::vector<kafka::Message> batch = {event_message("a", 1), event_message("b", 2)};
  EXPECT_EQ(processor_.process(batch).applied, 2u);
  const int calls = store_.calls;
  const auto again = processor_.process(batch);
  EXPECT_EQ(again.applied, 0u);
  EXPECT_EQ(again.skipped_by_cache, 2u);
  EXPECT_EQ(store_.calls, calls);
}

TEST_F(BatchProcessorTest, WithRedisDownTheDatabaseInboxStillPreventsDoubleApplication) {
  const std::vector<kafka::Message> batch = {event_message("a", 1)};
  processor_.process(batch);
  cache_.down = true;
  const auto again = processor_.process(batch);
  EXPECT_EQ(again.applied, 0u);
  EXPECT_EQ(again.skipped_by_database, 1u);
  EXPECT_EQ(metrics_.redis_degraded.Value(), 1);
  cache_.down = false;
  processor_.process({event_message("c", 3)});
  EXPECT_EQ(metrics_.redis_degraded.Value(), 0);
}

TEST_F(BatchProcessorTest, AnEventStorageHasNoEffectForIsDeadLetteredNotCountedApplied) {
  store_.without_effect = {"b"};
  const auto outcome = processor_.process({event_message("a", 1), event_message("b", 2)});
  EXPECT_EQ(outcome.applied, 1u);
  ASSERT_EQ(dead_letters_.sent.size(), 1u);
  EXPECT_EQ(dead_letters_.sent[0].reason, "no_storage_effect");
  EXPECT_EQ(dead_letters_.sent[0].original.offset, 2);
}

TEST_F(BatchProcessorTest, AnEventTwiceInOneBatchIsAppliedOnce) {
  const auto outcome = processor_.process({event_message("a", 1), event_message("a", 2)});
  EXPECT_EQ(outcome.applied, 1u);
  EXPECT_EQ(store_.applied.size(), 1u);
}

TEST_F(BatchProcessorTest, APoisonEventIsIsolatedAndDeadLetteredWhileTheRestIsApplied) {
  store_.refused = {"poison"};
  std::vector<kafka::Message> batch;
  for (int i = 0; i < 9; ++i) batch.push_back(event_message(i == 5 ? "poison" : "ok" + std::to_string(i), i));
  const auto outcome = processor_.process(batch);
  EXPECT_EQ(outcome.applied, 8u);
  ASSERT_EQ(dead_letters_.sent.size(), 1u);
  EXPECT_EQ(dead_letters_.sent[0].original.offset, 5);
  EXPECT_EQ(dead_letters_.sent[0].reason, "apply_failed");
  EXPECT_FALSE(cache_.fingerprints_.count("poison"));
}

TEST_F(BatchProcessorTest, DatabaseUnavailableIsRethrownNotDeadLettered) {
  store_.unavailable = true;
  EXPECT_THROW(processor_.process({event_message("a", 1)}), Unavailable);
  EXPECT_TRUE(dead_letters_.sent.empty());
  EXPECT_FALSE(cache_.fingerprints_.count("a"));
}

TEST_F(BatchProcessorTest, TheCacheSkipsOnlyExactRepeatsSoALaterConflictStillReachesTheInbox) {
  processor_.process({event_message("a", 1)});
  auto changed = event_message("a", 2);
  changed.value = R"({"eventId":"a","eventType":"OrderPlaced","orderId":"other"})";
  const int calls = store_.calls;
  const auto outcome = processor_.process({changed});
  EXPECT_EQ(outcome.skipped_by_cache, 0u);
  EXPECT_EQ(store_.calls, calls + 1);
}

TEST_F(BatchProcessorTest, TheSameIdWithADifferentPayloadInOneBatchIsAConflict) {
  auto changed = event_message("a", 2);
  changed.value = R"({"eventId":"a","eventType":"OrderPlaced","orderId":"other"})";
  const auto outcome = processor_.process({event_message("a", 1), changed, event_message("a", 3)});
  EXPECT_EQ(outcome.applied, 1u);
  ASSERT_EQ(dead_letters_.sent.size(), 1u);
  EXPECT_EQ(dead_letters_.sent[0].reason, "conflict");
  EXPECT_EQ(dead_letters_.sent[0].original.offset, 2);
}

TEST_F(BatchProcessorTest, UndecodableMessagesAreDeadLetteredNotDropped) {
  kafka::Message garbage;
  garbage.value = "not json";
  garbage.offset = 3;
  kafka::Message no_id;
  no_id.value = R"({"eventType":"OrderPlaced"})";
  no_id.offset = 4;
  const auto outcome = processor_.process({garbage, no_id, event_message("a", 5)});
  EXPECT_EQ(outcome.applied, 1u);
  ASSERT_EQ(dead_letters_.sent.size(), 2u);
  EXPECT_EQ(dead_letters_.sent[0].reason, "not_json");
  EXPECT_EQ(dead_letters_.sent[1].reason, "invalid_envelope");
}

}  // namespace
}  // namespace orderflow::processor
