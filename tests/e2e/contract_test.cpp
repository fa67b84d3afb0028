// The clients orderflow serves, as their seeds describe them: seed 002's four events, seed 004's
// order and seed 001's payment, posted over HTTP and read back in the documented shapes; and every
// reason code, for bad events written straight onto the raw topic, found in the dead letter queue.
#include <fstream>
#include <gtest/gtest.h>
#include <httplib.h>
#include <sstream>
#include <unistd.h>

#include "orderflow/kafka/producer.h"
#include "orderflow/redis/redis_client.h"

#include "http_json.h"
#include "kafka_probe.h"
#include "pipeline.h"

namespace orderflow::testing {
namespace {

std::string example(const std::string& name) {
  std::ifstream in(source_dir() + "/proto-schemas/examples/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Seed 002's samples use placeholders ("uuid", "user-uuid", ...); a real client sends real ids.
std::string with_ids(std::string text, const std::string& run) {
  auto replace_all = [&](const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
  };
  replace_all("\"user-uuid\"", "\"user-" + run + "\"");
  replace_all("\"order-uuid\"", "\"order-" + run + "\"");
  replace_all("\"payment-uuid\"", "\"payment-" + run + "\"");
  replace_all("\"LAPTOP-001\"", "\"LAPTOP-" + run + "\"");
  static int counter = 0;
  replace_all("\"eventId\": \"uuid\"", "\"eventId\": \"evt-" + run + "-" + std::to_string(++counter) + "\"");
  return text;
}

std::string unique_run() {
  static int counter = 0;
  return std::to_string(getpid()) + "-" + std::to_string(time(nullptr)) + "-" + std::to_string(++counter);
}

class Contract : public ::testing::Test {
 protected:
  void SetUp() override {
    pipeline_ = &shared_pipeline();
    gateway_ = std::make_unique<httplib::Client>(pipeline_->gateway_client());
    read_api_ = std::make_unique<httplib::Client>("127.0.0.1", pipeline_->read_api().http_port());
  }

  Pipeline* pipeline_ = nullptr;
  std::unique_ptr<httplib::Client> gateway_, read_api_;
};

TEST_F(Contract, Seed002SampleEventsAreReadBackInSeed002Shapes) {
  const std::string run = unique_run();
  const std::string batch = "[" + with_ids(example("seed002_user_created.json"), run) + "," +
                            with_ids(example("seed002_order_placed.json"), run) + "," +
                            with_ids(example("seed002_payment_settled.json"), run) + "," +
                            with_ids(example("seed002_inventory_adjusted.json"), run) + "]";
  auto response = gateway_->Post("/events", batch, "application/json");
  ASSERT_TRUE(response);
  ASSERT_EQ(response->status, 207) << response->body;
  for (const auto& result : parse_body(response)["results"]) EXPECT_EQ(result["httpStatus"], 202) << result.dump();

  const auto user = get_when_present(*read_api_, "/users/user-" + run);
  ASSERT_TRUE(user);
  EXPECT_EQ((*user)["email"], "user@example.com");
  EXPECT_EQ((*user)["firstName"], "John");
  EXPECT_EQ((*user)["lastName"], "Doe");
  EXPECT_EQ((*user)["createdAt"], "2025-10-20T10:00:00Z");
  ASSERT_TRUE(eventually([&] { return (*get_when_present(*read_api_, "/users/user-" + run))["orders"].size() == 1; }));
  const auto with_orders = *get_when_present(*read_api_, "/users/user-" + run);
  EXPECT_EQ(with_orders["orders"][0]["orderId"], "order-" + run);
  EXPECT_EQ(exact_json::dump_exact(with_orders["orders"][0]["totalAmount"]), "299.99");

  ASSERT_TRUE(eventually([&] {
    const auto order = get_when_present(*read_api_, "/orders/order-" + run);
    return order && order->contains("payment");
  }));
  const auto order = *get_when_present(*read_api_, "/orders/order-" + run);
  EXPECT_EQ(order["currency"], "USD");
  EXPECT_EQ(order["items"].size(), 1u);
  EXPECT_EQ(order["items"][0]["sku"], "LAPTOP-" + run);
  EXPECT_EQ(order["payment"]["paymentId"], "payment-" + run);
  EXPECT_EQ(order["payment"]["paymentMethod"], "credit_card");
  EXPECT_EQ(order["payment"]["status"], "completed");
  EXPECT_EQ(exact_json::dump_exact(order["payment"]["amount"]), "299.99");

  const auto stock = get_when_present(*read_api_, "/inventory/LAPTOP-" + run);
  ASSERT_TRUE(stock);
  EXPECT_EQ((*stock)["quantity"], 10);
}

TEST_F(Contract, Seed004OrderAndSeed001PaymentForItAreReadBackTogether) {
  const std::string run = unique_run();
  std::string order_body = example("seed004_order_request.json");
  order_body.replace(order_body.find("order-001"), 9, "order-" + run);
  auto placed = gateway_->Post("/order", order_body, "application/json");
  ASSERT_TRUE(placed);
  ASSERT_EQ(placed->status, 202) << placed->body;

  const std::string payment_body = R"({"amount":149.99,"currency":"USD","customer_id":"cust_8823","order_id":"order-)" +
                                   run + R"(","merchant_id":"merchant_42","payment_method":"credit_card"})";
  auto paid = gateway_->Post("/payments", payment_body, "application/json");
  ASSERT_TRUE(paid);
  ASSERT_EQ(paid->status, 202) << paid->body;
  const auto answer = parse_body(paid);
  EXPECT_EQ(answer["status"], "accepted");
  ASSERT_TRUE(answer.contains("payment_id"));

  ASSERT_TRUE(eventually([&] {
    const auto order = get_when_present(*read_api_, "/orders/order-" + run);
    return order && order->contains("payment");
  }));
  const auto order = *get_when_present(*read_api_, "/orders/order-" + run);
  EXPECT_EQ(order["status"], "pending");
  EXPECT_EQ(exact_json::dump_exact(order["totalAmount"]), "149.99");
  EXPECT_EQ(order["payment"]["paymentId"], answer["payment_id"]);
  EXPECT_EQ(order["payment"]["status"], "pending");  // requested; its outcome comes as a PaymentSettled
}

TEST_F(Contract, TheTypedEndpointsCreateWhatTheyName) {
  const std::string run = unique_run();
  auto post = [&](const std::string& path, const std::string& body) {
    auto r = gateway_->Post(path, body, "application/json");
    EXPECT_TRUE(r && r->status == 202) << path << ": " << (r ? r->body : "no answer");
  };
  post("/users", R"({"userId":"u-)" + run + R"(","email":"jane@example.com","firstName":"Jane","lastName":"Roe"})");
  post("/orders", R"({"orderId":"o-)" + run + R"(","userId":"u-)" + run +
                      R"(","totalAmount":30,"currency":"EUR","items":[{"sku":"S-)" + run +
                      R"(","quantity":3,"price":10}]})");
  post("/inventory/adjustments",
       R"({"sku":"S-)" + run + R"(","quantity":7,"adjustmentType":"add","reason":"restock"})");
  post("/inventory/adjustments", R"({"sku":"S-)" + run + R"(","quantity":2,"adjustmentType":"subtract"})");

  ASSERT_TRUE(eventually([&] {
    const auto user = get_when_present(*read_api_, "/users/u-" + run);
    return user && (*user)["orders"].size() == 1;
  }));
  ASSERT_TRUE(eventually([&] {
    const auto stock = get_when_present(*read_api_, "/inventory/S-" + run);
    return stock && (*stock)["quantity"] == 5;
  }));
  auto missing = read_api_->Get("/users/nobody-" + run);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(parse_body(missing)["error"], "user_not_found");
  EXPECT_EQ(read_api_->Get("/ready")->status, 200);
}

// One offending event per reason code, written straight onto the raw topic as any producer could.
TEST_F(Contract, EveryReasonCodeWrittenStraightToKafkaIsDeadLetteredWithIt) {
  const std::string run = unique_run();
  auto order = [&](const std::string& id, const std::string& change_from, const std::string& change_to) {
    std::string text = R"({"eventId":")" + id +
                       R"(","eventType":"OrderPlaced","timestamp":"2025-10-20T10:00:00Z",)"
                       R"("orderId":"o1","userId":"u1","totalAmount":20.00,"currency":"USD",)"
                       R"("items":[{"sku":"A","quantity":2,"price":10.00}],"placedAt":"2025-10-20T10:00:00Z"})";
    if (!change_from.empty()) text.replace(text.find(change_from), change_from.size(), change_to);
    return text;
  };
  const std::map<std::string, std::string> offending = {
      {"not_json", "this is { not json"},
      {"invalid_envelope", R"({"eventType":"OrderPlaced","orderId":"o1"})"},
      {"unknown_event_type", R"({"eventId":"x-)" + run + R"(","eventType":"OrderShipped"})"},
      {"unknown_schema_version",
       order("v-" + run, R"("eventType":"OrderPlaced",)", R"("eventType":"OrderPlaced","schemaVersion":7,)")},
      {"schema_violation", order("s-" + run, R"("userId":"u1",)", "")},
      {"amount_not_positive", order("a-" + run, R"("totalAmount":20.00)", R"("totalAmount":-20.00)")},
      {"amount_precision", order("p-" + run, R"("totalAmount":20.00)", R"("totalAmount":20.001)")},
      {"unknown_currency", order("c-" + run, R"("USD")", R"("XYZ")")},
      {"quantity_not_positive", order("q-" + run, R"("quantity":2)", R"("quantity":0)")},
      {"total_mismatch", order("t-" + run, R"("totalAmount":20.00)", R"("totalAmount":25.00)")},
      {"timestamp_in_future",
       order("f-" + run, R"("placedAt":"2025-10-20T10:00:00Z")", R"("placedAt":"2999-01-01T00:00:00Z")")},
  };
  kafka::Producer producer({shared_stack().kafka_brokers(), "contract-test", {}}, {});
  for (const auto& [reason, value] : offending) {
    ASSERT_TRUE(producer.produce_and_wait(pipeline_->raw_topic(), reason, value).delivered) << reason;
  }

  TopicReader dead_letters(shared_stack().kafka_brokers(), pipeline_->dead_letter_topic());
  std::map<std::string, std::string> reason_of;  // value -> dlq.reason
  const bool all_arrived = eventually([&] {
    for (const auto& m : dead_letters.read()) reason_of[m.value] = header(m, "dlq.reason");
    for (const auto& [reason, value] : offending) {
      if (!reason_of.count(value)) return false;
    }
    return true;
  });
  for (const auto& [reason, value] : offending) {
    EXPECT_TRUE(reason_of.count(value)) << "no dead letter for " << reason << ": " << value;
  }
  ASSERT_TRUE(all_arrived);
  for (const auto& [reason, value] : offending) EXPECT_EQ(reason_of[value], reason) << value;

  // What the event's producer can learn: it was dead-lettered, and why.
  const auto status = get_when_present(*read_api_, "/events/t-" + run);
  ASSERT_TRUE(status);
  EXPECT_EQ((*status)["status"], "dead_lettered");
  EXPECT_EQ((*status)["reason"], "total_mismatch");

  // The Redis copy in seed 002's entry format.
  redis::RedisClient redis({shared_stack().redis_url()});
  const auto entries = redis.command({"LRANGE", "dlq:events", "0", "-1"});
  bool found = false;
  for (const auto& e : entries.elements) {
    const auto entry = nlohmann::json::parse(e.text);
    if (entry["eventId"] != "t-" + run) continue;
    found = true;
    EXPECT_EQ(entry["reason"], "total_mismatch");
    EXPECT_EQ(entry["retryCount"], 0);
    EXPECT_TRUE(entry.contains("originalData") && entry.contains("error") && entry.contains("timestamp"));
  }
  EXPECT_TRUE(found);
}

TEST_F(Contract, AClientHoldingA202CanLearnWhatBecameOfItsEvent) {
  const std::string run = unique_run();
  auto accepted =
      gateway_->Post("/inventory/adjustments", R"({"sku":"STATUS-)" + run + R"(","quantity":1,"adjustmentType":"add"})",
                     "application/json");
  ASSERT_TRUE(accepted);
  ASSERT_EQ(accepted->status, 202);
  const std::string event_id = parse_body(accepted)["eventId"];
  auto first = read_api_->Get("/events/" + event_id);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);  // accepted or already persisted, never unknown
  ASSERT_TRUE(eventually([&] {
    const auto status = get_when_present(*read_api_, "/events/" + event_id);
    return status && (*status)["status"] == "persisted";
  }));
  EXPECT_EQ(read_api_->Get("/events/never-sent-" + run)->status, 404);
}

TEST_F(Contract, AnIdempotencyKeyMakesARetryReplayTheFirstAnswer) {
  const std::string run = unique_run();
  const std::string body = R"({"sku":"IDEM-)" + run + R"(","quantity":3,"adjustmentType":"add"})";
  const httplib::Headers key = {{"Idempotency-Key", "retry-" + run}};
  auto first = gateway_->Post("/inventory/adjustments", key, body, "application/json");
  auto second = gateway_->Post("/inventory/adjustments", key, body, "application/json");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->status, 202);
  EXPECT_EQ(second->status, 202);
  EXPECT_EQ(second->get_header_value("Idempotent-Replayed"), "true");
  EXPECT_EQ(second->body, first->body);
  auto reused = gateway_->Post("/inventory/adjustments", key, R"({"sku":"OTHER","quantity":3,"adjustmentType":"add"})",
                               "application/json");
  ASSERT_TRUE(reused);
  EXPECT_EQ(reused->status, 422);

  // Another key for the same body is another adjustment: 3 + 3.
  gateway_->Post("/inventory/adjustments", {{"Idempotency-Key", "other-" + run}}, body, "application/json");
  ASSERT_TRUE(eventually([&] {
    const auto stock = get_when_present(*read_api_, "/inventory/IDEM-" + run);
    return stock && (*stock)["quantity"] == 6;
  }));
}

}  // namespace
}  // namespace orderflow::testing
