#include "order_endpoint.h"

#include <gtest/gtest.h>

#include "orderflow/json/exact_json.h"

namespace orderflow::gateway {
namespace {

class RecordingPublisher : public EventPublisher {
 public:
  PublishOutcome publish(const std::string& key, const std::string& event_json, const kafka::Headers&) override {
    keys.push_back(key);
    events.push_back(event_json);
    return next;
  }
  std::vector<std::string> keys, events;
  PublishOutcome next{true, false, ""};
};

const char* kBody =
    R"({"id":"order-001","user_id":"user-123","total":149.99,"status":"pending","timestamp":"2025-10-06T17:00:00Z"})";

class OrderEndpointTest : public ::testing::Test {
 protected:
  httplib::Response post(const std::string& body, const std::string& content_type = "application/json") {
    httplib::Request request;
    request.body = body;
    if (!content_type.empty()) request.set_header("Content-Type", content_type);
    httplib::Response response;
    endpoint_.handle(request, response);
    return response;
  }

  RecordingPublisher publisher_;
  OrderEndpoint endpoint_{publisher_, "USD"};
};

TEST_F(OrderEndpointTest, AcceptedOrderIsPublishedKeyedByOrderIdWithTheExactAmount) {
  const auto response = post(kBody);
  EXPECT_EQ(response.status, 202);
  ASSERT_EQ(publisher_.events.size(), 1u);
  EXPECT_EQ(publisher_.keys[0], "order-001");

  const auto event = std::get<nlohmann::json>(json::parse_exact(publisher_.events[0]));
  EXPECT_EQ(event["eventType"], "OrderPlaced");
  EXPECT_EQ(json::dump_exact(event["totalAmount"]), "149.99");
  EXPECT_EQ(nlohmann::json::parse(response.body)["eventId"], event["eventId"]);
}

TEST_F(OrderEndpointTest, KafkaUnavailableIs503WithRetryAfter) {
  publisher_.next = {false, true, "Local: Message timed out"};
  const auto response = post(kBody);
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.get_header_value("Retry-After"), "1");
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"], "kafka_unavailable");
}

TEST_F(OrderEndpointTest, InvalidOrderIs400AndNothingIsPublished) {
  const auto response = post(R"({"id":"order-001"})");
  EXPECT_EQ(response.status, 400);
  EXPECT_TRUE(publisher_.events.empty());
  const auto problems = nlohmann::json::parse(response.body)["problems"];
  EXPECT_EQ(problems.size(), 4u);
}

TEST_F(OrderEndpointTest, NonJsonContentTypeIs415) {
  EXPECT_EQ(post(kBody, "text/plain").status, 415);
  EXPECT_EQ(post(kBody, "application/x-www-form-urlencoded").status, 415);
  EXPECT_TRUE(publisher_.events.empty());
}

TEST_F(OrderEndpointTest, JsonMediaTypesAreAccepted) {
  EXPECT_EQ(post(kBody, "application/json; charset=utf-8").status, 202);
  EXPECT_EQ(post(kBody, "application/vnd.orderflow+json").status, 202);
  EXPECT_EQ(post(kBody, "").status, 202);
}

TEST_F(OrderEndpointTest, MalformedJsonIs400) {
  const auto response = post("{\"id\":");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"], "malformed_json");
}

}  // namespace
}  // namespace orderflow::gateway
