#include "orderflow/events/order_placed.h"

#include <gtest/gtest.h>

#include "orderflow/events/envelope.h"
#include "orderflow/json/exact_json.h"

namespace orderflow::events {
namespace {

nlohmann::json parse(std::string_view text) { return std::get<nlohmann::json>(json::parse_exact(text)); }

const char* kSeed004Body =
    R"({"id":"order-001","user_id":"user-123","total":149.99,"status":"pending","timestamp":"2025-10-06T17:00:00Z"})";

std::vector<std::string> fields(const Problems& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.field + ":" + p.rule);
  return out;
}

TEST(OrderRequest, Seed004BodyBecomesAnOrder) {
  auto result = order_from_request(parse(kSeed004Body), "USD");
  ASSERT_TRUE(std::holds_alternative<OrderPlaced>(result)) << describe(std::get<Problems>(result));
  const auto& order = std::get<OrderPlaced>(result);
  EXPECT_EQ(order.order_id, "order-001");
  EXPECT_EQ(order.user_id, "user-123");
  EXPECT_EQ(order.total_amount.to_string(), "149.99");
  EXPECT_EQ(order.currency, "USD");
  EXPECT_EQ(order.placed_at, "2025-10-06T17:00:00Z");
}

TEST(OrderRequest, EveryProblemIsReportedWithItsFieldAndRule) {
  auto result = order_from_request(
      parse(R"({"id":"","total":"149.99","status":"pending","timestamp":"2025-02-30T00:00:00Z","extra":1})"), "USD");
  ASSERT_TRUE(std::holds_alternative<Problems>(result));
  EXPECT_EQ(fields(std::get<Problems>(result)),
            (std::vector<std::string>{"extra:additionalProperties", "id:pattern", "user_id:required", "total:type",
                                      "timestamp:format"}));
}

TEST(OrderRequest, TotalsMustBePositive) {
  for (const char* total : {"0", "-1", "-0.01"}) {
    std::string body = R"({"id":"o","user_id":"u","total":)" + std::string(total) +
                       R"(,"status":"pending","timestamp":"2025-10-06T17:00:00Z"})";
    auto result = order_from_request(parse(body), "USD");
    ASSERT_TRUE(std::holds_alternative<Problems>(result)) << total;
    EXPECT_EQ(fields(std::get<Problems>(result)), std::vector<std::string>{"total:exclusiveMinimum"});
  }
}

TEST(OrderRequest, ANonObjectBodyIsRefused) {
  EXPECT_TRUE(std::holds_alternative<Problems>(order_from_request(parse("[1,2]"), "USD")));
  EXPECT_TRUE(std::holds_alternative<Problems>(order_from_request(parse("null"), "USD")));
}

TEST(OrderPlacedEvent, CarriesTheEnvelopeAndTheExactAmount) {
  auto order = std::get<OrderPlaced>(order_from_request(parse(kSeed004Body), "EUR"));
  const std::string text = to_event_json({"evt-1", kOrderPlaced, "2025-10-06T17:00:01.000Z", 1}, order);
  EXPECT_NE(text.find(R"("totalAmount":149.99)"), std::string::npos) << text;

  const auto event = parse(text);
  EXPECT_TRUE(check_order_placed_event(event).empty()) << describe(check_order_placed_event(event));
  const auto identity = std::get<EventIdentity>(read_identity(event));
  EXPECT_EQ(identity.event_id, "evt-1");
  EXPECT_EQ(identity.event_type, "OrderPlaced");
  EXPECT_EQ(event["currency"], "EUR");
  EXPECT_EQ(event["schemaVersion"], 1);
}

TEST(OrderPlacedEvent, AnEventWithoutIdentityIsRefused) {
  EXPECT_TRUE(std::holds_alternative<Problems>(read_identity(parse(R"({"eventType":"OrderPlaced"})"))));
  EXPECT_TRUE(std::holds_alternative<Problems>(read_identity(parse(R"("just a string")"))));
}

}  // namespace
}  // namespace orderflow::events
