// The gateway's routes with an in-memory publisher: status codes, error bodies, what is published.
#include "routes.h"

#include <future>
#include <gtest/gtest.h>

#include "orderflow/json/exact_json.h"

namespace orderflow::gateway {
namespace {

class RecordingPublisher : public EventPublisher {
 public:
  void publish_all(const std::vector<OutgoingEvent>& events, Done done) override {
    std::vector<PublishOutcome> out;
    for (const auto& e : events) {
      published.push_back(e);
      out.push_back(next);
    }
    done(std::move(out));
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
    return http::call_and_wait(routes_.handler(path), request);
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

// Holds every publish until acknowledged by the test, as a broker that has stopped acknowledging would.
class StalledPublisher : public EventPublisher {
 public:
  void publish_all(const std::vector<OutgoingEvent>& events, Done done) override {
    waiting.emplace_back(events.size(), std::move(done));
  }
  void acknowledge_all() {
    for (auto& [count, done] : waiting) done(std::vector<PublishOutcome>(count, PublishOutcome{true, false, ""}));
    waiting.clear();
  }
  std::vector<std::pair<std::size_t, Done>> waiting;
};

http::Request order_request() {
  http::Request request;
  request.method = "POST";
  request.path = "/order";
  request.body = kOrder;
  return request;
}

TEST(EventIntakeInFlight, AHandlerReturnsAtOnceAndAnswersWhenKafkaAcknowledges) {
  StalledPublisher publisher;
  EventIntake intake(publisher, std::chrono::seconds(300));
  GatewayRoutes routes(intake, {"USD", 3});
  std::promise<http::Response> answer;
  auto answered = answer.get_future();
  const auto request = order_request();
  routes.handler("/order")(request, http::Responder([&](http::Response&& r) { answer.set_value(std::move(r)); }));
  ASSERT_EQ(publisher.waiting.size(), 1u) << "the handler returned with the event still unacknowledged";
  EXPECT_EQ(answered.wait_for(std::chrono::seconds(0)), std::future_status::timeout) << "no 202 before Kafka's ack";
  publisher.acknowledge_all();
  EXPECT_EQ(answered.get().status, 202);
}

TEST(EventIntakeInFlight, BeyondTheCapARequestIs503AtOnceInsteadOfQueueing) {
  StalledPublisher publisher;
  EventIntake intake(publisher, std::chrono::seconds(300), nullptr, /*max_in_flight=*/1);
  GatewayRoutes routes(intake, {"USD", 3});
  std::promise<http::Response> first_answer;
  const auto request = order_request();
  routes.handler("/order")(request, http::Responder([&](http::Response&& r) { first_answer.set_value(std::move(r)); }));
  ASSERT_EQ(publisher.waiting.size(), 1u);  // the first event now waits for its acknowledgement
  const auto refused = http::call_and_wait(routes.handler("/order"), order_request());
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.get_header_value("Retry-After"), "1");
  EXPECT_EQ(nlohmann::json::parse(refused.body)["error"], "overloaded");
  publisher.acknowledge_all();
  EXPECT_EQ(first_answer.get_future().get().status, 202);
  std::promise<http::Response> third_answer;
  routes.handler("/order")(order_request(),
                           http::Responder([&](http::Response&& r) { third_answer.set_value(std::move(r)); }));
  EXPECT_EQ(publisher.waiting.size(), 1u) << "the acknowledged event freed its place for the next";
  publisher.acknowledge_all();
  EXPECT_EQ(third_answer.get_future().get().status, 202);
}

TEST(RoutesWithCallers, AKeyPublishesOnlyItsEventTypesAndABatchWithAnotherIsRefusedWhole) {
  RecordingPublisher publisher;
  EventIntake intake(publisher, std::chrono::seconds(300));
  GatewayRoutes routes(intake, {"USD", 3});
  http::Server server(http::ServerOptions{}, std::make_shared<metrics::Registry>());
  routes.add_to(server, nullptr,
                [](http::Request&, http::Response&, bool) { return http::Server::Admission::kAdmitted; });
  auto post = [&routes](const std::string& path, const std::string& body) {
    http::Request request;
    request.method = "POST";
    request.path = path;
    request.body = body;
    request.caller = {"shop", {"OrderPlaced"}};
    return http::call_and_wait(routes.handler(path), request);
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
