#include "orderflow/events/contract.h"

#include <gtest/gtest.h>

#include "orderflow/common/time.h"

#include "test_files.h"

namespace orderflow::events {
namespace {

using testing::contract_file;
using testing::parse;

const std::chrono::system_clock::time_point kNow = parse_rfc3339("2025-10-21T00:00:00Z").value();
constexpr std::chrono::seconds kSkew{300};

EventCheck check(const nlohmann::json& event) {
  return Contract::instance().check_event(event, kNow, kSkew);
}

TEST(Contract, KnowsTheSevenEventTypesAndTheirVersions) {
  const auto& schemas = Contract::instance().event_schemas();
  EXPECT_EQ(schemas.size(), 7u);
  EXPECT_EQ(Contract::instance().latest_version("RiskAssessed"), 1);
  EXPECT_EQ(Contract::instance().latest_version("ReviewDecided"), 1);
  EXPECT_EQ(Contract::instance().latest_version("ProductUpserted"), 1);
  EXPECT_EQ(Contract::instance().latest_version("OrderPlaced"), 2);
  EXPECT_EQ(Contract::instance().latest_version("UserCreated"), 1);
  EXPECT_EQ(Contract::instance().minor_units("JPY"), 0);
  EXPECT_EQ(Contract::instance().minor_units("KWD"), 3);
  EXPECT_FALSE(Contract::instance().minor_units("XYZ").has_value());
}

TEST(Contract, RiskAssessmentIdsAreReservedForRiskAssessed) {
  auto user = contract_file("examples/seed002_user_created.json");
  user["eventId"] = "risk-0123456789abcdef0123456789abcdef";
  const auto refused = check(user);
  EXPECT_EQ(refused.reason, reason::kInvalidEnvelope);
  ASSERT_FALSE(refused.problems.empty());
  EXPECT_EQ(refused.problems[0].field, "eventId");
}

TEST(Contract, Seed002SampleEventsAreValidAsTheyStand) {
  for (const char* file : {"examples/seed002_user_created.json", "examples/seed002_order_placed.json",
                           "examples/seed002_payment_settled.json", "examples/seed002_inventory_adjusted.json"}) {
    const auto result = check(contract_file(file));
    EXPECT_TRUE(result.valid()) << file << ": " << describe(result.problems);
    EXPECT_EQ(result.schema_version, 1) << file;
  }
}

TEST(Contract, EachStructuralFailureHasItsReason) {
  auto order = contract_file("examples/seed002_order_placed.json");
  EXPECT_EQ(check(parse("[1]")).reason, reason::kInvalidEnvelope);
  EXPECT_EQ(check(parse(R"({"eventType":"OrderPlaced"})")).reason, reason::kInvalidEnvelope);
  EXPECT_EQ(check(parse(R"({"eventId":"e","eventType":"OrderShipped"})")).reason, reason::kUnknownEventType);

  auto future_version = order;
  future_version["schemaVersion"] = 9;
  EXPECT_EQ(check(future_version).reason, reason::kUnknownSchemaVersion);

  auto missing = order;
  missing.erase("userId");
  const auto result = check(missing);
  EXPECT_EQ(result.reason, reason::kSchemaViolation);
  EXPECT_EQ(result.outcome, EventCheck::Outcome::kMalformed);
  EXPECT_EQ(result.problems.at(0).field, "userId");

  auto extra = order;
  extra["discount"] = 5;
  EXPECT_EQ(check(extra).reason, reason::kSchemaViolation);

  auto status_in_v1 = order;  // status arrived with version 2
  status_in_v1["status"] = "pending";
  EXPECT_EQ(check(status_in_v1).reason, reason::kSchemaViolation);
  status_in_v1["schemaVersion"] = 2;
  EXPECT_TRUE(check(status_in_v1).valid());
}

TEST(Contract, PartitionKeysFollowTheAggregate) {
  EXPECT_EQ(partition_key(contract_file("examples/seed002_user_created.json")), "user-uuid");
  EXPECT_EQ(partition_key(contract_file("examples/seed002_order_placed.json")), "order-uuid");
  EXPECT_EQ(partition_key(contract_file("examples/seed002_payment_settled.json")), "order-uuid");
  EXPECT_EQ(partition_key(contract_file("examples/seed002_inventory_adjusted.json")), "LAPTOP-001");
  auto unlinked_payment = contract_file("examples/seed002_payment_settled.json");
  unlinked_payment.erase("orderId");
  EXPECT_EQ(partition_key(unlinked_payment), "payment-uuid");
}

TEST(Contract, AProductIsKeyedBySkuAndItsPriceFollowsItsCurrency) {
  auto product = contract_file("examples/product_upserted.json");
  EXPECT_TRUE(check(product).valid()) << describe(check(product).problems);
  EXPECT_EQ(partition_key(product), "LAPTOP-001");
  auto yen = product;
  yen["currency"] = "JPY";  // no minor units: 1299.99 yen is not an amount
  EXPECT_EQ(check(yen).reason, "amount_precision");
  auto unknown = product;
  unknown["currency"] = "XYZ";
  EXPECT_EQ(check(unknown).reason, "unknown_currency");
  auto free = product;
  free["price"] = 0;
  EXPECT_EQ(check(free).reason, "amount_not_positive");
}

TEST(Contract, RequestSchemasCheckTheSeedBodies) {
  EXPECT_TRUE(Contract::instance()
                  .check_request("api/order_request.v1.json", contract_file("examples/seed004_order_request.json"))
                  .empty());
  EXPECT_TRUE(Contract::instance()
                  .check_request("api/payment_request.v1.json", contract_file("examples/seed001_payment_request.json"))
                  .empty());
  const auto problems = Contract::instance().check_request("api/order_request.v1.json", parse(R"({"id":"x"})"));
  EXPECT_EQ(problems.size(), 4u);
}

}  // namespace
}  // namespace orderflow::events
