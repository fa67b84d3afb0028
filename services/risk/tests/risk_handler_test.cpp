// The risk stage's batch handling with in-memory fakes of PostgreSQL and Kafka: what it joins,
// what it publishes where, and that an event assessed before gets its stored assessment again.
#include "risk_handler.h"

#include <gtest/gtest.h>

#include "orderflow/json/exact_json.h"

namespace orderflow::risk {
namespace {

struct FakeWriter : kafka::MessageWriter {
  std::vector<kafka::Message> written;
  void write_all(const std::string&, const std::vector<kafka::Message>& messages) override {
    written.insert(written.end(), messages.begin(), messages.end());
  }
  std::vector<nlohmann::json> on(const std::string& topic) const {
    std::vector<nlohmann::json> out;
    for (const auto& m : written) {
      if (m.topic == topic) out.push_back(std::get<nlohmann::json>(exact_json::parse_exact(m.value)));
    }
    return out;
  }
};

struct FakeFacts : RiskFacts {
  std::map<std::string, UserFacts> known_users;
  std::map<std::string, ProductFacts> known_products;
  std::map<std::string, std::string> assessments;
  std::map<std::string, UserFacts> users(const std::vector<std::string>& ids) override {
    return pick(known_users, ids);
  }
  std::map<std::string, ProductFacts> products(const std::vector<std::string>& ids) override {
    return pick(known_products, ids);
  }
  std::map<std::string, OrderFacts> orders(const std::vector<std::string>&) override { return {}; }
  std::vector<UserHistory> histories(const std::vector<HistoryQuery>& queries) override {
    return std::vector<UserHistory>(queries.size());
  }
  std::map<std::string, std::string> stored_assessments(const std::vector<std::string>& ids) override {
    return pick(assessments, ids);
  }
  template <typename V>
  static std::map<std::string, V> pick(const std::map<std::string, V>& from, const std::vector<std::string>& ids) {
    std::map<std::string, V> out;
    for (const auto& id : ids) {
      if (auto it = from.find(id); it != from.end()) out.insert(*it);
    }
    return out;
  }
};

kafka::Message order_message(int n, const std::string& user, const std::string& time) {
  const std::string id = "order-" + std::to_string(n);
  return {"validated",
          0,
          n,
          id,
          R"({"eventId":"e-)" + id + R"(","eventType":"OrderPlaced","schemaVersion":2,"timestamp":")" + time +
              R"(","orderId":")" + id + R"(","userId":")" + user +
              R"(","totalAmount":19.99,"currency":"USD","items":[{"sku":"MUG-1","quantity":1,"price":19.99}],)"
              R"("placedAt":")" +
              time + R"("})",
          {{"eventType", "OrderPlaced"}, {"eventId", "e-" + id}},
          0};
}

kafka::Message payment_message(int n, const std::string& order, const char* amount) {
  return {
      "validated",
      0,
      n,
      order,
      R"({"eventId":"e-pay-)" + std::to_string(n) +
          R"(","eventType":"PaymentSettled","timestamp":"2025-10-20T10:00:09Z","paymentId":"pay-)" + std::to_string(n) +
          R"(","orderId":")" + order + R"(","amount":)" + amount +
          R"(,"currency":"USD","paymentMethod":"credit_card","status":"completed","settledAt":"2025-10-20T10:00:09Z"})",
      {{"eventType", "PaymentSettled"}, {"eventId", "e-pay-" + std::to_string(n)}},
      0};
}

class RiskHandlerTest : public ::testing::Test {
 protected:
  RiskHandlerTest() {
    facts_.known_users["u-1"] = {"Jane", "Roe", "jane@example.com", 1'600'000'000};
    facts_.known_products["MUG-1"] = {"Mug", "kitchen", "19.99", "USD", true};
  }
  FakeFacts facts_;
  RiskModel model_ = RiskModel::built_in(kBuiltInModel);
  FakeWriter writer_;
  metrics::Registry registry_;
  RiskHandler handler_{facts_, model_, writer_, {"raw", "enriched"}, registry_};
};

TEST_F(RiskHandlerTest, EachOrderAndPaymentGetsOneAssessmentKeyedByItsOrderAndAnEnrichedCopy) {
  handler_.handle({order_message(1, "u-1", "2025-10-20T10:00:00Z"), payment_message(2, "order-1", "19.99")});
  const auto assessed = writer_.on("raw");
  ASSERT_EQ(assessed.size(), 2u);
  EXPECT_EQ(assessed[0]["eventId"], assessment_id_for("e-order-1"));
  EXPECT_EQ(assessed[0]["subjectType"], "order");
  EXPECT_EQ(assessed[0]["decision"], "approve");
  EXPECT_EQ(assessed[1]["subjectType"], "payment");
  EXPECT_EQ(assessed[1]["userId"], "u-1");  // the order it pays was assessed just before
  for (const auto& m : writer_.written) EXPECT_EQ(m.key, "order-1");

  const auto enriched = writer_.on("enriched");
  ASSERT_EQ(enriched.size(), 2u);
  EXPECT_EQ(exact_json::dump_exact(enriched[0]["enrichment"]["user"]),
            R"({"email":"jane@example.com","firstName":"Jane","lastName":"Roe"})");
  EXPECT_EQ(exact_json::dump_exact(enriched[0]["enrichment"]["products"]["MUG-1"]),
            R"({"active":true,"category":"kitchen","currency":"USD","name":"Mug","price":19.99})");
  EXPECT_EQ(exact_json::dump_exact(enriched[0]["totalAmount"]), "19.99");  // the event, exact, as it was
  EXPECT_EQ(enriched[1]["enrichment"]["order"]["userId"], "u-1");
  EXPECT_EQ(enriched[1]["risk"]["assessmentId"], assessed[1]["assessmentId"]);
}

TEST_F(RiskHandlerTest, ABurstOfOrdersNotYetStoredCountsTowardsVelocity) {
  std::vector<kafka::Message> burst;
  for (int i = 1; i <= 5; ++i) burst.push_back(order_message(i, "u-1", "2025-10-20T10:00:0" + std::to_string(i) + "Z"));
  handler_.handle(burst);
  const auto assessed = writer_.on("raw");
  ASSERT_EQ(assessed.size(), 5u);
  EXPECT_EQ(exact_json::dump_exact(assessed[0]["features"]["orders_1m"]), "0.0000");
  EXPECT_EQ(exact_json::dump_exact(assessed[4]["features"]["orders_1m"]), "4.0000");
  EXPECT_NE(assessed[4]["decision"], "approve");
  EXPECT_EQ(assessed[4]["reasons"][0]["feature"], "orders_1m");
}

TEST_F(RiskHandlerTest, MissingReferenceDataIsNamedNotAnError) {
  handler_.handle({order_message(1, "u-unknown", "2025-10-20T10:00:00Z"), payment_message(2, "order-x", "5")});
  const auto enriched = writer_.on("enriched");
  ASSERT_EQ(enriched.size(), 2u);
  EXPECT_EQ(exact_json::dump_exact(enriched[0]["enrichment"]["missing"]), R"(["user"])");
  EXPECT_TRUE(enriched[0]["enrichment"]["user"].is_null());
  EXPECT_EQ(exact_json::dump_exact(enriched[1]["enrichment"]["missing"]), R"(["order"])");
  EXPECT_EQ(exact_json::dump_exact(writer_.on("raw")[1]["missing"]), R"(["order"])");
}

TEST_F(RiskHandlerTest, AnEventAssessedBeforeGetsItsStoredAssessmentByteForByte) {
  handler_.handle({order_message(1, "u-1", "2025-10-20T10:00:00Z")});
  const std::string first = writer_.written.front().value;
  // As PostgreSQL's jsonb text gives it back: a space after every , and : outside strings.
  std::string spaced;
  bool in_string = false;
  for (std::size_t i = 0; i < first.size(); ++i) {
    spaced += first[i];
    if (first[i] == '"' && (i == 0 || first[i - 1] != '\\')) in_string = !in_string;
    if (!in_string && (first[i] == ',' || first[i] == ':')) spaced += ' ';
  }
  ASSERT_NE(spaced, first);
  facts_.assessments[assessment_id_for("e-order-1")] = spaced;
  facts_.known_users.clear();  // what is known changed: a new assessment would differ
  writer_.written.clear();
  handler_.handle({order_message(1, "u-1", "2025-10-20T10:00:00Z")});
  ASSERT_FALSE(writer_.written.empty());
  EXPECT_EQ(writer_.written.front().value, first);
}

TEST_F(RiskHandlerTest, OtherEventTypesPassBy) {
  kafka::Message user{"validated", 0, 1, "u-2", R"({"eventId":"e-u"})", {{"eventType", "UserCreated"}}, 0};
  handler_.handle({user});
  EXPECT_TRUE(writer_.written.empty());
}

}  // namespace
}  // namespace orderflow::risk
