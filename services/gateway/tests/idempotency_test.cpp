// Idempotency-Key semantics with an in-memory store and publisher.
#include "idempotency.h"

#include <gtest/gtest.h>
#include <map>

#include "orderflow/common/sha256.h"

#include "routes.h"

namespace orderflow::gateway {
namespace {

class MemoryStore : public IdempotencyStore {
 public:
  ClaimResult claim(const std::string& key, const std::string& hash) override {
    if (down) throw std::runtime_error("connection refused");
    auto it = entries.find(key);
    if (it == entries.end()) {
      entries[key] = {hash, false, {}};
      return {Claim::kNew, {}};
    }
    if (it->second.hash != hash) return {Claim::kMismatch, {}};
    if (!it->second.done) return {Claim::kInFlight, {}};
    return {Claim::kReplay, it->second.response};
  }
  void complete(const std::string& key, const std::string& hash, const StoredResponse& response) override {
    entries[key] = {hash, true, response};
  }
  void release(const std::string& key) override { entries.erase(key); }

  struct Entry {
    std::string hash;
    bool done;
    StoredResponse response;
  };
  std::map<std::string, Entry> entries;
  bool down = false;
};

class CountingPublisher : public EventPublisher {
 public:
  void publish_all(const std::vector<OutgoingEvent>& events, Done done) override {
    event_ids.clear();
    for (const auto& e : events) event_ids.push_back(nlohmann::json::parse(e.json)["eventId"]);
    published += events.size();
    done(std::vector<PublishOutcome>(events.size(), next));
  }
  std::size_t published = 0;
  std::vector<std::string> event_ids;
  PublishOutcome next{true, false, ""};
};

const char* kBody = R"({"sku":"S1","quantity":2,"adjustmentType":"add"})";

class IdempotencyTest : public ::testing::Test {
 protected:
  http::Response post(const std::string& key, const std::string& body = kBody) {
    http::Request request;
    request.method = "POST";
    request.path = "/inventory/adjustments";
    request.body = body;
    request.set_header("Content-Type", "application/json");
    if (!key.empty()) request.set_header("Idempotency-Key", key);
    return http::call_and_wait(handler_, request);
  }

  metrics::Registry registry_;
  MemoryStore store_;
  CountingPublisher publisher_;
  EventIntake intake_{publisher_, std::chrono::seconds(300)};
  GatewayRoutes routes_{intake_, {}};
  IdempotentHandler idempotency_{store_, registry_};
  http::AsyncHandler handler_ = idempotency_.wrap(routes_.handler("/inventory/adjustments"));
};

TEST_F(IdempotencyTest, TheSameKeyAndBodyReplaysTheFirstAnswerWithoutPublishingAgain) {
  const auto first = post("key-1");
  const auto second = post("key-1");
  EXPECT_EQ(first.status, 202);
  EXPECT_EQ(second.status, 202);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.get_header_value("Idempotent-Replayed"), "true");
  EXPECT_FALSE(first.has_header("Idempotent-Replayed"));
  EXPECT_EQ(publisher_.published, 1u);
}

TEST_F(IdempotencyTest, TheSameKeyWithAnotherBodyIs422) {
  post("key-1");
  const auto other = post("key-1", R"({"sku":"S2","quantity":2,"adjustmentType":"add"})");
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(nlohmann::json::parse(other.body)["error"], "idempotency_key_reused");
  EXPECT_EQ(publisher_.published, 1u);
}

TEST_F(IdempotencyTest, TheSameKeyWhileTheFirstIsInFlightIs409) {
  store_.entries["key-1"] = {sha256_hex(std::string("POST /inventory/adjustments\n") + kBody), false, {}};
  EXPECT_EQ(post("key-1").status, 409);
  EXPECT_EQ(publisher_.published, 0u);
}

TEST_F(IdempotencyTest, AnAnswerThatAcceptedNothingIsNotKeptSoTheRetryRuns) {
  publisher_.next = {false, true, "Kafka down"};
  EXPECT_EQ(post("key-1").status, 503);
  publisher_.next = {true, false, ""};
  const auto retry = post("key-1");
  EXPECT_EQ(retry.status, 202);
  EXPECT_FALSE(retry.has_header("Idempotent-Replayed"));
}

TEST_F(IdempotencyTest, KeyedRequestsGetTheSameEventIdEvenWithoutTheStore) {
  store_.down = true;
  post("key-1");
  const auto first_id = publisher_.event_ids.at(0);
  post("key-1");
  EXPECT_EQ(publisher_.event_ids.at(0), first_id);  // the inbox will drop the repeat
  EXPECT_EQ(publisher_.published, 2u);
  post("key-2");
  EXPECT_NE(publisher_.event_ids.at(0), first_id);
}

TEST(EventIdForKey, IsAStableVersion8UuidPerKeyPathAndIndex) {
  const auto id = event_id_for_key("k", "/events", 0);
  EXPECT_EQ(id, event_id_for_key("k", "/events", 0));
  EXPECT_NE(id, event_id_for_key("k", "/events", 1));
  EXPECT_NE(id, event_id_for_key("k", "/orders", 0));
  EXPECT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '8');
}

}  // namespace
}  // namespace orderflow::gateway
