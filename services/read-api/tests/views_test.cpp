// The read-api's response bodies from storage rows: seed 002's shapes, amounts exact.
#include "views.h"

#include <gtest/gtest.h>

#include "orderflow/json/exact_json.h"

namespace orderflow::read_api {
namespace {

Decimal money(const char* text) {
  return Decimal::parse(text).value();
}

storage::OrderSummaryRow summary(const std::string& id, const char* total) {
  return {id, "user-1", money(total), "USD", "pending", "2025-10-20T10:00:00Z", "2025-10-20T10:00:01Z"};
}

TEST(Views, AnOrderCarriesItsItemsAndItsLatestPaymentWithExactAmounts) {
  storage::OrderRow order{summary("order-1", "299.990"),
                          "2025-10-20T10:00:02Z",
                          std::nullopt,
                          {{"LAPTOP-1", 1, money("299.990"), std::nullopt}},
                          storage::PaymentRow{"pay-1", money("0.10"), "USD", std::nullopt, "completed",
                                              "2025-10-20T10:05:00Z", std::nullopt, std::nullopt},
                          std::nullopt};
  const auto view = order_view(order);
  EXPECT_EQ(exact_json::dump_exact(view),
            R"({"createdAt":"2025-10-20T10:00:02Z","currency":"USD",)"
            R"("items":[{"price":299.990,"product":null,"quantity":1,"sku":"LAPTOP-1"}],)"
            R"("orderId":"order-1","payment":{"amount":0.10,"currency":"USD","paymentId":"pay-1","paymentMethod":null,)"
            R"("risk":null,"riskStatus":null,"settledAt":"2025-10-20T10:05:00Z","status":"completed"},)"
            R"("placedAt":"2025-10-20T10:00:00Z","risk":null,"status":"pending",)"
            R"("totalAmount":299.990,"updatedAt":"2025-10-20T10:00:01Z","user":null,"userId":"user-1"})");
}

TEST(Views, AnOrderShowsItsUserAndProductsAsKnownNow) {
  storage::OrderRow order{summary("order-3", "19.99"),
                          "2025-10-20T10:00:02Z",
                          storage::OrderUserRow{"Jane", "Roe", "jane@example.com"},
                          {{"MUG-1", 1, money("19.99"), storage::ItemProductRow{"Mug", "kitchen"}}},
                          std::nullopt,
                          std::nullopt};
  const auto view = order_view(order);
  EXPECT_EQ(exact_json::dump_exact(view["user"]),
            R"({"email":"jane@example.com","firstName":"Jane","lastName":"Roe"})");
  EXPECT_EQ(exact_json::dump_exact(view["items"][0]["product"]), R"({"category":"kitchen","name":"Mug"})");
}

TEST(Views, AnOrderWithoutPaymentHasNoPaymentKeyAndEmptyItems) {
  const auto view =
      order_view({summary("order-2", "5"), "2025-10-20T10:00:02Z", std::nullopt, {}, std::nullopt, std::nullopt});
  EXPECT_FALSE(view.contains("payment"));
  EXPECT_TRUE(view["items"].is_array());
  EXPECT_TRUE(view["items"].empty());
}

TEST(Views, AnOrderShowsItsAssessmentAndTheReviewItOpened) {
  storage::RiskRow risk{"ra-1",
                        "risk-v1",
                        "0.7312",
                        "review",
                        R"([{"feature":"orders_10m","value":4,"contribution":1.2}])",
                        R"(["user"])",
                        "2025-10-20T10:00:03Z",
                        storage::ReviewRow{"ra-1", "order", "order-4", "order-4", "pending", "2025-10-20T10:00:03Z",
                                           std::nullopt, std::nullopt, std::nullopt}};
  const auto view = order_view({summary("order-4", "5"), "2025-10-20T10:00:02Z", std::nullopt, {}, std::nullopt, risk});
  EXPECT_EQ(exact_json::dump_exact(view["risk"]),
            R"({"assessedAt":"2025-10-20T10:00:03Z","assessmentId":"ra-1","decision":"review",)"
            R"("missing":["user"],"modelVersion":"risk-v1",)"
            R"("reasons":[{"contribution":1.2,"feature":"orders_10m","value":4}],)"
            R"("review":{"createdAt":"2025-10-20T10:00:03Z","decidedAt":null,"note":null,"orderId":"order-4",)"
            R"("reviewId":"ra-1","reviewer":null,"status":"pending","subjectId":"order-4","subjectType":"order"},)"
            R"("score":0.7312})");
}

TEST(Views, AUserListsTheOrdersItWasGivenInOrder) {
  storage::UserRow user{"user-1",
                        "a@b.co",
                        "A",
                        "B",
                        "2025-10-20T09:00:00Z",
                        "2025-10-20T09:00:00Z",
                        {summary("o2", "2.00"), summary("o1", "1.00")}};
  const auto view = user_view(user);
  EXPECT_EQ(view["firstName"], "A");
  ASSERT_EQ(view["orders"].size(), 2u);
  EXPECT_EQ(view["orders"][0]["orderId"], "o2");
  EXPECT_EQ(exact_json::dump_exact(view["orders"][1]["totalAmount"]), "1.00");
  EXPECT_TRUE(user_view({"u", "e@x.io", "A", "B", "t", "t", {}})["orders"].is_array());
}

TEST(Views, EventStatusSaysPersistedDeadLetteredOrAccepted) {
  EXPECT_EQ(event_status_view("e1", storage::PersistedEvent{"OrderPlaced", "2025-10-20T10:00:00Z"})["status"],
            "persisted");
  const auto dead = event_status_view("e2", storage::DeadLetteredEvent{"total_mismatch", "is 5", "validator", "t"});
  EXPECT_EQ(dead["status"], "dead_lettered");
  EXPECT_EQ(dead["reason"], "total_mismatch");
  EXPECT_EQ(dead["eventId"], "e2");
  EXPECT_EQ(accepted_event_view("e3"), (nlohmann::json{{"eventId", "e3"}, {"status", "accepted"}}));
  EXPECT_EQ(inventory_view({"SKU", -3, "t"})["quantity"], -3);
}

}  // namespace
}  // namespace orderflow::read_api
