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

const EventDefaults kDefaults{"01a2-generated", "2025-10-21T00:00:00.000Z", "USD"};

const EventType& type(const char* name) {
  return *find_event_type(name);
}

nlohmann::json from_request(const char* type_name, const char* endpoint, const nlohmann::json& body) {
  const auto* shape = find_request_shape(type(type_name), endpoint, body);
  if (!shape) throw std::logic_error(std::string("no request shape on ") + endpoint);
  return request_to_event(type(type_name), *shape, body, kDefaults);
}

nlohmann::json completed(const nlohmann::json& body, const char* type_name, int version) {
  return complete_event(body, type(type_name), version, kDefaults);
}

bool valid(const nlohmann::json& event) {
  const std::chrono::system_clock::time_point now = parse_rfc3339(kDefaults.now).value();
  const auto check = Contract::instance().check_event(event, now, std::chrono::seconds(300));
  if (!check.valid()) ADD_FAILURE() << describe(check.problems) << " in " << exact_json::dump_exact(event);
  return check.valid();
}

TEST(Requests, Seed004OrderBecomesAnOrderPlacedV2WithTheExactTotal) {
  const auto event = from_request("OrderPlaced", "/order", contract_file("examples/seed004_order_request.json"));
  EXPECT_TRUE(valid(event));
  EXPECT_EQ(event["orderId"], "order-001");
  EXPECT_EQ(event["schemaVersion"], 2);
  EXPECT_EQ(exact_json::dump_exact(event["totalAmount"]), "149.99");
  EXPECT_EQ(event["placedAt"], "2025-10-06T17:00:00Z");
  EXPECT_EQ(event["status"], "pending");
}

TEST(Requests, Seed001PaymentBecomesAPaymentSettled) {
  const auto event =
      from_request("PaymentSettled", "/payments", contract_file("examples/seed001_payment_request.json"));
  EXPECT_TRUE(valid(event));
  EXPECT_EQ(event["paymentId"], kDefaults.event_id);
  EXPECT_EQ(event["customerId"], "cust_8823");
  EXPECT_EQ(event["merchantId"], "merchant_42");
  EXPECT_EQ(event["status"], "pending");  // a payment request: its outcome is not known yet
  EXPECT_FALSE(event.contains("orderId"));
}

TEST(Requests, MinimalBodiesAreCompletedIntoValidEvents) {
  EXPECT_TRUE(valid(completed(parse(R"({"email":"a@b.co","firstName":"A","lastName":"B"})"), "UserCreated", 1)));
  EXPECT_TRUE(valid(completed(parse(R"({"userId":"u1","totalAmount":5,"currency":"EUR"})"), "OrderPlaced", 2)));
  EXPECT_TRUE(valid(
      completed(parse(R"({"orderId":"o1","amount":5,"currency":"EUR","status":"failed"})"), "PaymentSettled", 1)));
  EXPECT_TRUE(
      valid(completed(parse(R"({"sku":"S1","quantity":2,"adjustmentType":"subtract"})"), "InventoryAdjusted", 1)));
}

TEST(Requests, WhatTheClientSentIsNeverOverwritten) {
  const auto event =
      completed(parse(R"({"eventId":"mine","userId":"u7","createdAt":"2025-01-01T00:00:00Z"})"), "UserCreated", 1);
  EXPECT_EQ(event["eventId"], "mine");
  EXPECT_EQ(event["userId"], "u7");
  EXPECT_EQ(event["createdAt"], "2025-01-01T00:00:00Z");
  const auto wrong_type = completed(parse(R"({"eventType":"OrderPlaced"})"), "UserCreated", 1);
  EXPECT_EQ(wrong_type["eventType"], "OrderPlaced");  // left for the contract check to refuse
}

}  // namespace
}  // namespace orderflow::events

namespace orderflow::events {
namespace {

TEST(Requests, APaymentWithoutAStatusIsNeverGivenOne) {
  const auto event = completed(parse(R"({"orderId":"o1","amount":5,"currency":"EUR"})"), "PaymentSettled", 1);
  EXPECT_FALSE(event.contains("status"));
  const auto check =
      Contract::instance().check_event(event, parse_rfc3339(kDefaults.now).value(), std::chrono::seconds(300));
  EXPECT_FALSE(check.valid());
  EXPECT_EQ(check.reason, reason::kSchemaViolation);
}

TEST(Requests, ProblemsAreNamedAsTheRequestNamedTheField) {
  const auto& shape = type("OrderPlaced").request_shapes.front();
  EXPECT_EQ(request_field_name(shape, "totalAmount"), "total");
  EXPECT_EQ(request_field_name(shape, "placedAt"), "timestamp");
  EXPECT_EQ(request_field_name(shape, "currency"), "currency");  // not mapped: the event's name
}

TEST(Requests, ASeed001PaymentIsToldApartByItsSnakeCaseCustomerId) {
  EXPECT_NE(find_request_shape(type("PaymentSettled"), "/payments", parse(R"({"customer_id":"c"})")), nullptr);
  EXPECT_EQ(find_request_shape(type("PaymentSettled"), "/payments", parse(R"({"customerId":"c"})")), nullptr);
  EXPECT_NE(find_request_shape(type("OrderPlaced"), "/order", parse("{}")), nullptr);
  EXPECT_EQ(find_request_shape(type("OrderPlaced"), "/orders", parse("{}")), nullptr);
}

}  // namespace
}  // namespace orderflow::events
