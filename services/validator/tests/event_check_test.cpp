#include "event_check.h"

#include <gtest/gtest.h>

namespace orderflow::validator {
namespace {

const std::string kValid =
    R"({"eventId":"e1","eventType":"OrderPlaced","schemaVersion":1,"timestamp":"2025-10-06T17:00:01Z",)"
    R"("orderId":"o1","userId":"u1","totalAmount":10.50,"currency":"USD","status":"pending","items":[],)"
    R"("placedAt":"2025-10-06T17:00:00Z"})";

TEST(CheckEvent, AValidOrderPlacedPasses) {
  const auto verdict = check_event(kValid);
  EXPECT_TRUE(verdict.valid) << verdict.error;
  EXPECT_EQ(verdict.identity.event_id, "e1");
}

TEST(CheckEvent, EachKindOfBadInputHasItsReason) {
  EXPECT_EQ(check_event("\x00\x01garbage").reason, reason::kNotJson);
  EXPECT_EQ(check_event("").reason, reason::kNotJson);
  EXPECT_EQ(check_event(R"([1,2,3])").reason, reason::kInvalidEnvelope);
  EXPECT_EQ(check_event(R"({"eventType":"OrderPlaced"})").reason, reason::kInvalidEnvelope);
  EXPECT_EQ(check_event(R"({"eventId":"e1","eventType":"Teleported"})").reason, reason::kUnknownEventType);
  std::string negative = kValid;
  negative.replace(negative.find("10.50"), 5, "-1");
  const auto verdict = check_event(negative);
  EXPECT_EQ(verdict.reason, reason::kSchemaViolation);
  EXPECT_NE(verdict.error.find("totalAmount"), std::string::npos) << verdict.error;
}

TEST(RouteBatch, ValidEventsGoOnAndTheRestAreDeadLetteredInOrder) {
  std::vector<kafka::Message> batch(3);
  batch[0].value = kValid;
  batch[1].value = "nope";
  batch[1].offset = 7;
  batch[2].value = kValid;
  const auto routing = route_batch(batch);
  EXPECT_EQ(routing.forward.size(), 2u);
  ASSERT_EQ(routing.dead_letters.size(), 1u);
  EXPECT_EQ(routing.dead_letters[0].original.offset, 7);
  EXPECT_EQ(routing.dead_letters[0].reason, reason::kNotJson);
  EXPECT_EQ(routing.dead_letters[0].stage, "validator");
}

}  // namespace
}  // namespace orderflow::validator
