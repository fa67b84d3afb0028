#include "event_check.h"

#include <gtest/gtest.h>

#include "orderflow/common/time.h"
#include "orderflow/events/contract.h"

namespace orderflow::validator {
namespace {

const std::string kValid =
    R"({"eventId":"e1","eventType":"OrderPlaced","schemaVersion":2,"timestamp":"2025-10-06T17:00:01Z",)"
    R"("orderId":"o1","userId":"u1","totalAmount":10.50,"currency":"USD","status":"pending","items":[],)"
    R"("placedAt":"2025-10-06T17:00:00Z"})";
const std::chrono::system_clock::time_point kNow = parse_rfc3339("2025-10-07T00:00:00Z").value();

Verdict check(std::string_view bytes) {
  return check_event(bytes, kNow, std::chrono::seconds(300));
}

TEST(CheckEvent, AValidOrderPlacedPasses) {
  const auto verdict = check(kValid);
  EXPECT_TRUE(verdict.valid) << verdict.error;
  EXPECT_EQ(verdict.identity.event_id, "e1");
}

TEST(CheckEvent, AnyBytesGetAReasonNeverAnException) {
  EXPECT_EQ(check(std::string("\x00\x01garbage", 9)).reason, events::reason::kNotJson);
  EXPECT_EQ(check("").reason, events::reason::kNotJson);
  EXPECT_EQ(check(std::string(100000, '[')).reason, events::reason::kNotJson);
  EXPECT_EQ(check("[1,2,3]").reason, events::reason::kInvalidEnvelope);
  EXPECT_EQ(check(R"({"eventId":"e1","eventType":"Teleported"})").reason, events::reason::kUnknownEventType);
  std::string negative = kValid;
  negative.replace(negative.find("10.50"), 5, "-1");
  const auto verdict = check(negative);
  EXPECT_EQ(verdict.reason, events::reason::kAmountNotPositive);
  EXPECT_NE(verdict.error.find("totalAmount"), std::string::npos) << verdict.error;
}

TEST(RouteBatch, ValidEventsGoOnAndTheRestAreDeadLetteredInOrder) {
  std::vector<kafka::Message> batch(3);
  batch[0].value = kValid;
  batch[1].value = "nope";
  batch[1].offset = 7;
  batch[2].value = kValid;
  // route_batch checks against the real clock; kValid's times are in the past, so they pass.
  const auto routing = route_batch(batch, std::chrono::seconds(300));
  EXPECT_EQ(routing.forward.size(), 2u);
  ASSERT_EQ(routing.dead_letters.size(), 1u);
  EXPECT_EQ(routing.dead_letters[0].original.offset, 7);
  EXPECT_EQ(routing.dead_letters[0].reason, events::reason::kNotJson);
  EXPECT_EQ(routing.dead_letters[0].stage, "validator");
}

}  // namespace
}  // namespace orderflow::validator
