// Every business rule's reason code, with an input that breaks it.
#include <gtest/gtest.h>

#include "orderflow/common/time.h"
#include "orderflow/events/contract.h"

#include "test_files.h"

namespace orderflow::events {
namespace {

using testing::contract_file;
using testing::parse;

const std::chrono::system_clock::time_point kNow = parse_rfc3339("2025-10-21T00:00:00Z").value();

std::vector<std::string> rules_broken(const nlohmann::json& event) {
  const auto check = Contract::instance().check_event(event, kNow, std::chrono::seconds(300));
  EXPECT_NE(check.outcome, EventCheck::Outcome::kMalformed) << describe(check.problems);
  std::vector<std::string> out;
  for (const auto& p : check.problems) out.push_back(p.field + ":" + p.rule);
  return out;
}

nlohmann::json order() {
  return contract_file("examples/seed002_order_placed.json");
}
nlohmann::json payment() {
  return contract_file("examples/seed002_payment_settled.json");
}

TEST(BusinessRules, AmountsMustBePositive) {
  auto p = payment();
  p["amount"] = 0;
  EXPECT_EQ(rules_broken(p), std::vector<std::string>{"amount:amount_not_positive"});
  p["amount"] = parse("-12.50");
  EXPECT_EQ(rules_broken(p), std::vector<std::string>{"amount:amount_not_positive"});
}

TEST(BusinessRules, AmountsCarryNoMoreDecimalsThanTheirCurrency) {
  auto p = payment();
  p["amount"] = parse("10.005");
  EXPECT_EQ(rules_broken(p), std::vector<std::string>{"amount:amount_precision"});
  p["currency"] = "JPY";
  p["amount"] = parse("100.5");
  EXPECT_EQ(rules_broken(p), std::vector<std::string>{"amount:amount_precision"});
  p["amount"] = parse("100.00");  // trailing zeros carry no precision
  EXPECT_TRUE(rules_broken(p).empty());
  p["currency"] = "KWD";
  p["amount"] = parse("1.125");
  EXPECT_TRUE(rules_broken(p).empty());
}

TEST(BusinessRules, CurrenciesMustBeIso4217) {
  auto p = payment();
  p["currency"] = "ABC";
  EXPECT_EQ(rules_broken(p), std::vector<std::string>{"currency:unknown_currency"});
}

TEST(BusinessRules, QuantitiesMustBePositive) {
  auto o = order();
  o["items"][0]["quantity"] = 0;
  o["totalAmount"] = parse("0");
  const auto broken = rules_broken(o);
  EXPECT_NE(std::find(broken.begin(), broken.end(), "items[0].quantity:quantity_not_positive"), broken.end());

  auto adjustment = contract_file("examples/seed002_inventory_adjusted.json");
  adjustment["quantity"] = -3;
  EXPECT_EQ(rules_broken(adjustment), std::vector<std::string>{"quantity:quantity_not_positive"});
}

TEST(BusinessRules, ValuesPostgresCannotStoreAreNotStorable) {
  auto adjustment = contract_file("examples/seed002_inventory_adjusted.json");
  adjustment["quantity"] = 3'000'000'000LL;
  EXPECT_EQ(rules_broken(adjustment), std::vector<std::string>{"quantity:not_storable"});
  adjustment["quantity"] = 2'147'483'647LL;
  EXPECT_TRUE(rules_broken(adjustment).empty());

  adjustment["adjustedAt"] = "0000-12-31T23:00:00Z";
  EXPECT_EQ(rules_broken(adjustment), std::vector<std::string>{"adjustedAt:not_storable"});
  adjustment["adjustedAt"] = "0001-01-01T00:00:00Z";
  EXPECT_TRUE(rules_broken(adjustment).empty());

  adjustment["reason"] = std::string("re\0stock", 8);
  EXPECT_EQ(rules_broken(adjustment), std::vector<std::string>{"reason:not_storable"});
}

TEST(BusinessRules, OffsetsBeyondWhatPostgreSQLReadsAreNotStorable) {
  auto adjustment = contract_file("examples/seed002_inventory_adjusted.json");
  for (const char* time : {"2025-10-06T17:00:00+16:00", "2025-10-06T17:00:00-23:59"}) {
    adjustment["adjustedAt"] = time;
    EXPECT_EQ(rules_broken(adjustment), std::vector<std::string>{"adjustedAt:not_storable"}) << time;
  }
  for (const char* time : {"2025-10-06T17:00:00+15:59", "2025-10-06T17:00:00-12:00", "2025-10-06T17:00:00Z"}) {
    adjustment["adjustedAt"] = time;
    EXPECT_TRUE(rules_broken(adjustment).empty()) << time;
  }
}

TEST(BusinessRules, ItemsWhoseSumOverflowsAreATotalMismatchNotUnchecked) {
  auto o = order();
  o["items"] = parse(R"([{"sku":"s1","quantity":2,"price":9999999999999999999}])");
  o["totalAmount"] = parse("1");
  o["currency"] = "USD";
  const auto broken = rules_broken(o);
  EXPECT_NE(std::find(broken.begin(), broken.end(), "totalAmount:total_mismatch"), broken.end());
}

TEST(BusinessRules, AnIntegerWrittenWithAFractionIsThatInteger) {
  auto adjustment = contract_file("examples/seed002_inventory_adjusted.json");
  adjustment["quantity"] = parse("5.0");
  EXPECT_TRUE(rules_broken(adjustment).empty());
  adjustment["schemaVersion"] = parse("1.0");
  EXPECT_TRUE(rules_broken(adjustment).empty());
}

TEST(BusinessRules, OrderTotalMustEqualTheSumOfItsLines) {
  auto o = order();
  o["items"] = parse(R"([{"sku":"A","quantity":3,"price":19.99},{"sku":"B","quantity":1,"price":0.03}])");
  o["totalAmount"] = parse("60.00");
  EXPECT_TRUE(rules_broken(o).empty());
  o["totalAmount"] = parse("60.01");
  EXPECT_EQ(rules_broken(o), std::vector<std::string>{"totalAmount:total_mismatch"});
}

TEST(BusinessRules, AnOrderWithoutItemsHasNoTotalToCheck) {
  auto o = order();
  o["items"] = nlohmann::json::array();
  o["totalAmount"] = parse("12.34");
  EXPECT_TRUE(rules_broken(o).empty());
}

TEST(BusinessRules, TimestampsMayNotBeFarInTheFuture) {
  auto o = order();
  o["placedAt"] = "2025-10-21T00:04:59Z";  // within the 5 minutes of clock skew allowed
  EXPECT_TRUE(rules_broken(o).empty());
  o["placedAt"] = "2025-10-22T00:00:00Z";
  EXPECT_EQ(rules_broken(o), std::vector<std::string>{"placedAt:timestamp_in_future"});
}

}  // namespace
}  // namespace orderflow::events
