#include "orderflow/events/requests.h"

#include <gtest/gtest.h>

#include "orderflow/common/time.h"
#include "orderflow/events/contract.h"
#include "orderflow/json/exact_json.h"
#include "test_files.h"

namespace orderflow::events {
namespace {

using testing::contract_file;
using testing::parse;

const EventDefaults kDefaults{"01a2-generated", "2025-10-21T00:00:00.000Z"};

bool valid(const nlohmann::json& event) {
  const std::chrono::system_clock::time_point now = parse_rfc3339(kDefaults.now).value();
  const auto check = Contract::instance().check_event(event, now, std::chrono::seconds(300));
  if (!check.valid()) ADD_FAILURE() << describe(check.problems) << " in " << json::dump_exact(event);
  return check.valid();
}

TEST(Requests, Seed004OrderBecomesAnOrderPlacedV2WithTheExactTotal) {
  const auto event = order_request_to_event(contract_file("examples/seed004_order_request.json"), "USD", kDefaults);
  EXPECT_TRUE(valid(event));
  EXPECT_EQ(event["orderId"], "order-001");
  EXPECT_EQ(event["schemaVersion"], 2);
  EXPECT_EQ(json::dump_exact(event["totalAmount"]), "149.99");
  EXPECT_EQ(event["placedAt"], "2025-10-06T17:00:00Z");
  EXPECT_EQ(event["status"], "pending");
}

TEST(Requests, Seed001PaymentBecomesAPaymentSettled) {
  ASSERT_TRUE(is_seed001_payment(contract_file("examples/seed001_payment_request.json")));
  const auto event = payment_request_to_event(contract_file("examples/seed001_payment_request.json"), kDefaults);
  EXPECT_TRUE(valid(event));
  EXPECT_EQ(event["paymentId"], kDefaults.event_id);
  EXPECT_EQ(event["customerId"], "cust_8823");
  EXPECT_EQ(event["merchantId"], "merchant_42");
  EXPECT_EQ(event["status"], "completed");
  EXPECT_FALSE(event.contains("orderId"));
}

TEST(Requests, MinimalBodiesAreCompletedIntoValidEvents) {
  EXPECT_TRUE(valid(complete_event(parse(R"({"email":"a@b.co","firstName":"A","lastName":"B"})"), "UserCreated", 1, kDefaults)));
  EXPECT_TRUE(valid(complete_event(parse(R"({"userId":"u1","totalAmount":5,"currency":"EUR"})"), "OrderPlaced", 2, kDefaults)));
  EXPECT_TRUE(valid(complete_event(parse(R"({"orderId":"o1","amount":5,"currency":"EUR"})"), "PaymentSettled", 1, kDefaults)));
  EXPECT_TRUE(valid(complete_event(parse(R"({"sku":"S1","quantity":2,"adjustmentType":"subtract"})"), "InventoryAdjusted", 1, kDefaults)));
}

TEST(Requests, WhatTheClientSentIsNeverOverwritten) {
  const auto event = complete_event(parse(R"({"eventId":"mine","userId":"u7","createdAt":"2025-01-01T00:00:00Z"})"),
                                    "UserCreated", 1, kDefaults);
  EXPECT_EQ(event["eventId"], "mine");
  EXPECT_EQ(event["userId"], "u7");
  EXPECT_EQ(event["createdAt"], "2025-01-01T00:00:00Z");
  const auto wrong_type = complete_event(parse(R"({"eventType":"OrderPlaced"})"), "UserCreated", 1, kDefaults);
  EXPECT_EQ(wrong_type["eventType"], "OrderPlaced");  // left for the contract check to refuse
}

}  // namespace
}  // namespace orderflow::events
