// The gateway's routes with an in-memory publisher: status codes, error bodies, what is published.
#include "routes.h"

#include <future>
#include <gtest/gtest.h>

#include "orderflow/json/exact_json.h"

namespace orderflow::gateway {
namespace {

class RecordingPublisher : public EventPublisher {
 public:
  std::vector<PublishOutcome> publish_all(const std::vector<OutgoingEvent>& events) override {
    std::vector<PublishOutcome> out;
    for (const auto& e : events) {
      published.push_back(e);
      out.push_back(next);
    }
    return out;
  }
  std::vector<OutgoingEvent> published;
  PublishOutcome next{true, false, ""};
};

const char* kOrder =
    R"({"id":"order-001","user_id":"user-123","total":149.99,"status":"pending","timestamp":"2025-10-06T17:00:00Z"})";

class RoutesTest : public ::testing::Test {
 protected:
  http::Response call(const std::string& path, const std::string& body, const std::string& type = "application/json") {
    http::Request request;
    request.method = "POST";
    request.path = path;
    request.body = body;
    if (!type.empty()) request.set_header("Content-Type", type);
    http::Response response;
    routes_.handler(path)(request, response);
    return response;
  }
  nlohmann::json published(std::size_t i) {
    return std::get<nlohmann::json>(exact_json::parse_exact(publisher_.published.at(i).json));
  }
  static nlohmann::json body(const http::Response& r) { return nlohmann::json::parse(r.body); }

  RecordingPublisher publisher_;
  EventIntake intake_{publisher_, std::chrono::seconds(300)};
  GatewayRoutes routes_{intake_, {"USD", 3}};
};

TEST_F(RoutesTest, AnEventKafkaRefusesForItsSizeIs413NotAServerError) {
  publisher_.next = {false, false, "Broker: Message size too large", true};
  const auto response = call("/order", kOrder);
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(body(response)["error"], "event_too_large");
}

TEST_F(RoutesTest, OrderIsPublishedKeyedByOrderIdWithTheExactAmount) {
  const auto response = call("/order", kOrder);
  EXPECT_EQ(response.status, 202);
  ASSERT_EQ(publisher_.published.size(), 1u);
  EXPECT_EQ(publisher_.published[0].key, "order-001");
  EXPECT_EQ(exact_json::dump_exact(published(0)["totalAmount"]), "149.99");
  EXPECT_EQ(body(response)["eventId"], published(0)["eventId"]);
  EXPECT_EQ(body(response)["orderId"], "order-001");
}

TEST_F(RoutesTest, KafkaUnavailableIs503WithRetryAfter) {
  publisher_.next = {false, true, "Local: Message timed out"};
  const auto response = call("/order", kOrder);
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.get_header_value("Retry-After"), "1");
  EXPECT_EQ(body(response)["error"], "kafka_unavailable");
}

TEST_F(RoutesTest, MalformedAndSchemaInvalidAre400RuleBreakingIs422) {
  EXPECT_EQ(call("/order", "{\"id\":").status, 400);
  const auto missing = call("/order", R"({"id":"order-001"})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(body(missing)["problems"].size(), 4u);

  const auto negative =
      call("/order", R"({"id":"o","user_id":"u","total":-5,"status":"pending","timestamp":"2025-10-06T17:00:00Z"})");
  EXPECT_EQ(negative.status, 422);
  EXPECT_EQ(body(negative)["problems"][0]["rule"], "amount_not_positive");
  EXPECT_EQ(body(negative)["problems"][0]["field"], "total");  // as the client named it
  EXPECT_TRUE(publisher_.published.empty());
}

TEST_F(RoutesTest, NonJsonContentTypeIs415) {
  EXPECT_EQ(call("/order", kOrder, "text/plain").status, 415);
  EXPECT_EQ(call("/order", kOrder, "application/json; charset=utf-8").status, 202);
  EXPECT_EQ(call("/order", kOrder, "application/vnd.orderflow+json").status, 202);
}

TEST_F(RoutesTest, Seed001PaymentIsAnsweredWithPaymentIdAndAccepted) {
  const auto response =
      call("/payments", R"({"amount":249.99,"currency":"USD","customer_id":"cust_8823","payment_id":"pay_1"})");
  EXPECT_EQ(response.status, 202);
  EXPECT_EQ(body(response)["payment_id"], "pay_1");
  EXPECT_EQ(body(response)["status"], "accepted");
  EXPECT_EQ(published(0)["eventType"], "PaymentSettled");
  EXPECT_EQ(publisher_.published[0].key, "pay_1");  // no order: keyed by the payment
}

TEST_F(RoutesTest, TypedEndpointsFillTheEnvelope) {
  const auto response = call("/inventory/adjustments", R"({"sku":"SKU-1","quantity":4,"adjustmentType":"add"})");
  EXPECT_EQ(response.status, 202) << response.body;
  EXPECT_EQ(published(0)["eventType"], "InventoryAdjusted");
  EXPECT_EQ(publisher_.published[0].key, "SKU-1");
  EXPECT_TRUE(published(0).contains("adjustedAt"));
  EXPECT_EQ(call("/users", R"({"email":"not-an-email","firstName":"A","lastName":"B"})").status, 400);
}

TEST_F(RoutesTest, EventArraysAnswer207WithAStatusPerItem) {
  const std::string good =
      R"({"eventType":"InventoryAdjusted","eventId":"e1","timestamp":"2025-10-06T17:00:00Z","sku":"S","quantity":1,"adjustmentType":"add","adjustedAt":"2025-10-06T17:00:00Z"})";
  const std::string rule =
      R"({"eventType":"InventoryAdjusted","eventId":"e2","timestamp":"2025-10-06T17:00:00Z","sku":"S","quantity":0,"adjustmentType":"add","adjustedAt":"2025-10-06T17:00:00Z"})";
  const auto response = call("/events", "[" + good + "," + rule + ",{\"eventType\":\"Nope\"}]");
  EXPECT_EQ(response.status, 207);
  const auto results = body(response)["results"];
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0]["httpStatus"], 202);
  EXPECT_EQ(results[1]["httpStatus"], 422);
  EXPECT_EQ(results[2]["httpStatus"], 400);
  EXPECT_EQ(publisher_.published.size(), 1u);  // one bad item does not sink the others

  EXPECT_EQ(call("/events", "[" + good + "," + good + "," + good + "," + good + "]").status, 400);
  EXPECT_EQ(call("/events", "[]").status, 400);
}

TEST_F(RoutesTest, EventsArePublishedAsSentWithEveryRequiredFieldEnforced) {
  // POST /events fills nothing in: a payment without its status is refused, never made "completed".
  const auto response =
      call("/events", R"({"eventType":"PaymentSettled","eventId":"p1","timestamp":"2025-10-06T17:00:00Z",)"
                      R"("paymentId":"pay-1","amount":5,"currency":"EUR","settledAt":"2025-10-06T17:00:00Z"})");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(body(response)["problems"][0]["rule"], "required");
  EXPECT_EQ(body(response)["problems"][0]["field"], "status");
  const auto no_id =
      call("/events", R"({"eventType":"InventoryAdjusted","timestamp":"2025-10-06T17:00:00Z",)"
                      R"("sku":"S","quantity":1,"adjustmentType":"add","adjustedAt":"2025-10-06T17:00:00Z"})");
  EXPECT_EQ(no_id.status, 400);
  EXPECT_TRUE(publisher_.published.empty());
}

TEST_F(RoutesTest, AnEndpointTakesOnlyItsOwnEventTypeSoScopesHold) {
  const auto response = call("/users", R"({"eventType":"PaymentSettled","userId":"u-1","email":"a@b.co","name":"A"})");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(body(response)["problems"][0]["field"], "eventType");
  EXPECT_TRUE(publisher_.published.empty());
}

TEST_F(RoutesTest, EveryEventTypeClientsPublishHasItsOwnEndpoint) {
  for (const auto* type : events::event_types()) {
    if (type->endpoint) {
      EXPECT_NO_THROW(routes_.handler(type->endpoint)) << type->name;
    }
  }
  EXPECT_THROW(routes_.handler("/nope"), std::out_of_range);
}

TEST_F(RoutesTest, EventsOnlyOrderflowPublishesAreRefusedOnPostEvents) {
  for (const char* type : {"RiskAssessed", "ReviewDecided"}) {
    const auto response = call("/events", std::string(R"({"eventId":"e-1","eventType":")") + type + R"("})");
    EXPECT_EQ(response.status, 403) << type;
    EXPECT_EQ(body(response)["error"], "forbidden");
    const auto batch = call("/events", std::string(R"([{"eventId":"e-2","eventType":")") + type + R"("}])");
    EXPECT_EQ(batch.status, 403) << type;
  }
  EXPECT_TRUE(publisher_.published.empty());
}

}  // namespace
}  // namespace orderflow::gateway

namespace orderflow::gateway {
namespace {

// Holds every publish until released, as a broker that has stopped acknowledging would.
class StalledPublisher : public EventPublisher {
 public:
  std::vector<PublishOutcome> publish_all(const std::vector<OutgoingEvent>& events) override {
    entered.set_value();
    released.wait();
    return std::vector<PublishOutcome>(events.size(), PublishOutcome{true, false, ""});
  }
  std::promise<void> entered;
  std::shared_future<void> released;
};

TEST(EventIntakeInFlight, BeyondTheCapARequestIs503AtOnceInsteadOfQueueing) {
  StalledPublisher publisher;
  std::promise<void> release;
  publisher.released = release.get_future().share();
  EventIntake intake(publisher, std::chrono::seconds(300), nullptr, /*max_in_flight=*/1);
  GatewayRoutes routes(intake, {"USD", 3});
  auto post = [&routes] {
    http::Request request;
    request.method = "POST";
    request.path = "/order";
    request.body = kOrder;
    http::Response response;
    routes.handler("/order")(request, response);
    return response;
  };
  auto first = std::async(std::launch::async, post);
  publisher.entered.get_future().wait();  // the first event now waits for its acknowledgement
  const auto refused = post();
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.get_header_value("Retry-After"), "1");
  EXPECT_EQ(nlohmann::json::parse(refused.body)["error"], "overloaded");
  release.set_value();
  EXPECT_EQ(first.get().status, 202);
}

TEST(RoutesWithCallers, AKeyPublishesOnlyItsEventTypesAndABatchWithAnotherIsRefusedWhole) {
  RecordingPublisher publisher;
  EventIntake intake(publisher, std::chrono::seconds(300));
  GatewayRoutes routes(intake, {"USD", 3});
  http::Server server(http::ServerOptions{}, std::make_shared<metrics::Registry>());
  routes.add_to(server, nullptr, [](http::Request&, http::Response&) { return true; });
  auto post = [&routes](const std::string& path, const std::string& body) {
    http::Request request;
    request.method = "POST";
    request.path = path;
    request.body = body;
    request.caller = {"shop", {"OrderPlaced"}};
    http::Response response;
    routes.handler(path)(request, response);
    return response;
  };
  EXPECT_EQ(post("/order", kOrder).status, 202);
  const auto payment = post("/payments", R"({"paymentId":"p-1"})");
  EXPECT_EQ(payment.status, 403);
  EXPECT_EQ(payment.get_header_value("WWW-Authenticate"), R"(Bearer realm="orderflow", error="insufficient_scope")");
  const auto batch = post("/events", R"([{"eventType":"OrderPlaced"},{"eventType":"UserCreated"}])");
  EXPECT_EQ(batch.status, 403);
  EXPECT_EQ(publisher.published.size(), 1u) << "only the first order was published";
}

}  // namespace
}  // namespace orderflow::gateway
