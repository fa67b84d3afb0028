// An order's whole journey through real Kafka, PostgreSQL and Redis: POST /order on the gateway,
// validator, processor, GET /orders/{id} on the read-api.
#include <atomic>
#include <gtest/gtest.h>
#include <httplib.h>
#include <pqxx/pqxx>
#include <thread>
#include <unistd.h>

#include "orderflow/common/time.h"
#include "orderflow/json/exact_json.h"
#include "orderflow/kafka/producer.h"

#include "eventually.h"
#include "kafka_probe.h"
#include "pipeline.h"

namespace orderflow::testing {
namespace {

struct SentOrder {
  std::string id;
  std::string user_id;
  std::string total;  // the JSON number exactly as sent
  std::string status;
  std::string timestamp;

  std::string body() const {
    return R"({"id":")" + id + R"(","user_id":")" + user_id + R"(","total":)" + total + R"(,"status":")" + status +
           R"(","timestamp":")" + timestamp + R"("})";
  }
};

// Amounts of every shape a client may send: scales 0 to 3, tiny, large, trailing zeros.
SentOrder make_order(const std::string& run, int i) {
  static const char* kTotals[] = {"149.99", "0.01", "100.10", "7", "99999999999.99", "12.30", "0.5", "1000000"};
  static const char* kTimestamps[] = {"2025-10-06T17:00:00Z", "2024-02-29T23:59:59.5Z", "2025-01-01T00:00:00+02:00"};
  static const char* kStatuses[] = {"pending", "confirmed", "paid"};
  return {run + "-order-" + std::to_string(i), "user-" + std::to_string(i % 37),
          i < 8 ? kTotals[i] : std::to_string(i) + "." + std::to_string(10 + i % 90), kStatuses[i % 3],
          kTimestamps[i % 3]};
}

std::string unique_run() {
  return "run" + std::to_string(getpid()) + "-" + std::to_string(time(nullptr));
}

class OrderFlow : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { pipeline_ = &shared_pipeline(); }

  static httplib::Client gateway() { return pipeline_->gateway_client(); }
  static httplib::Client read_api() { return httplib::Client("127.0.0.1", pipeline_->read_api().http_port()); }

  static httplib::Result post_order(httplib::Client& client, const std::string& body) {
    return client.Post("/order", body, "application/json");
  }

  static long count_orders(const std::string& order_id) {
    pqxx::connection connection(shared_stack().database_url());
    pqxx::work txn(connection);
    return txn.exec_params("SELECT count(*) FROM orders WHERE order_id = $1", order_id)[0][0].as<long>();
  }

  static Pipeline* pipeline_;
};

Pipeline* OrderFlow::pipeline_ = nullptr;

TEST_F(OrderFlow, ThousandOrdersPostedAreReadBackWithIdenticalValues) {
  constexpr int kOrders = 1000;
  constexpr int kClients = 8;
  const std::string run = unique_run();
  std::vector<SentOrder> orders;
  for (int i = 0; i < kOrders; ++i) orders.push_back(make_order(run, i));

  std::atomic<int> accepted{0};
  std::vector<std::thread> clients;
  std::vector<std::string> failures(kClients);
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto client = gateway();
      for (int i = c; i < kOrders; i += kClients) {
        auto response = post_order(client, orders[i].body());
        if (response && response->status == 202) {
          ++accepted;
        } else if (failures[c].empty()) {
          failures[c] = orders[i].body() + " -> " + (response ? response->body : "no response");
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  for (const auto& f : failures) EXPECT_EQ(f, "");
  ASSERT_EQ(accepted.load(), kOrders);

  auto client = read_api();
  std::size_t next = 0;  // orders before `next` have been read back and checked
  const bool all_stored = eventually(
      [&] {
        while (next < orders.size()) {
          auto response = client.Get("/orders/" + orders[next].id);
          if (!response || response->status != 200) return false;
          const auto& sent = orders[next];
          const auto body = std::get<nlohmann::json>(exact_json::parse_exact(response->body));
          EXPECT_EQ(body["orderId"], sent.id);
          EXPECT_EQ(body["userId"], sent.user_id);
          EXPECT_EQ(exact_json::dump_exact(body["totalAmount"]), sent.total) << sent.id;
          EXPECT_EQ(body["currency"], "USD");
          EXPECT_EQ(body["status"], sent.status);
          EXPECT_EQ(parse_rfc3339(body["placedAt"].get<std::string>()), parse_rfc3339(sent.timestamp)) << sent.id;
          ++next;
        }
        return true;
      },
      std::chrono::seconds(60));
  EXPECT_TRUE(all_stored) << "read back " << next << " of " << orders.size();
}

TEST_F(OrderFlow, AnOrderPostedTwiceIsStoredOnce) {
  const SentOrder order = make_order(unique_run(), 42);
  auto client = gateway();
  auto first = post_order(client, order.body());
  auto second = post_order(client, order.body());
  ASSERT_TRUE(first && second);
  ASSERT_EQ(first->status, 202) << first->body;
  ASSERT_EQ(second->status, 202) << second->body;

  // Both events reach the processor; wait until the second is in the inbox too.
  const auto second_event = nlohmann::json::parse(second->body)["eventId"].get<std::string>();
  pqxx::connection connection(shared_stack().database_url());
  ASSERT_TRUE(eventually([&] {
    pqxx::work txn(connection);
    return !txn.exec_params("SELECT 1 FROM processed_events WHERE event_id = $1", second_event).empty();
  }));
  EXPECT_EQ(count_orders(order.id), 1);
}

TEST_F(OrderFlow, RejectedOrdersAreAnsweredPreciselyAndNeverStored) {
  const SentOrder order = make_order(unique_run(), 1);
  auto client = gateway();
  const std::string negative =
      R"({"id":")" + order.id + R"(","user_id":"u","total":-5,"status":"pending","timestamp":"2025-10-06T17:00:00Z"})";

  auto bad_total = post_order(client, negative);
  ASSERT_TRUE(bad_total);
  EXPECT_EQ(bad_total->status, 422);
  const auto problems = nlohmann::json::parse(bad_total->body)["problems"];
  ASSERT_EQ(problems.size(), 1u) << bad_total->body;
  EXPECT_EQ(problems[0]["field"], "total");  // the client's own name for it
  EXPECT_EQ(problems[0]["rule"], "amount_not_positive");

  auto missing_field = post_order(client, R"({"id":"x"})");
  ASSERT_TRUE(missing_field);
  EXPECT_EQ(missing_field->status, 400);

  auto not_json = post_order(client, "{\"id\": ");
  ASSERT_TRUE(not_json);
  EXPECT_EQ(not_json->status, 400);
  EXPECT_EQ(nlohmann::json::parse(not_json->body)["error"], "malformed_json");

  auto wrong_type = client.Post("/order", order.body(), "text/plain");
  ASSERT_TRUE(wrong_type);
  EXPECT_EQ(wrong_type->status, 415);

  auto wrong_method = client.Get("/order");
  ASSERT_TRUE(wrong_method);
  EXPECT_EQ(wrong_method->status, 405);
  EXPECT_EQ(wrong_method->get_header_value("Allow"), "POST, OPTIONS");

  auto too_large = post_order(client, std::string(2 << 20, ' ') + order.body());
  ASSERT_TRUE(too_large);
  EXPECT_EQ(too_large->status, 413);

  // A valid order sent afterwards is stored, so by then the rejected ones would have been too.
  const SentOrder marker = make_order(unique_run() + "-marker", 2);
  ASSERT_EQ(post_order(client, marker.body())->status, 202);
  auto reader = read_api();
  ASSERT_TRUE(eventually([&] { return reader.Get("/orders/" + marker.id)->status == 200; }));
  EXPECT_EQ(count_orders(order.id), 0);
}

TEST_F(OrderFlow, BytesThatAreNotAnEventAreDeadLetteredWithTheirReason) {
  kafka::Producer producer({shared_stack().kafka_brokers(), "test", {}}, {});
  const std::string garbage = "\x01\x02 definitely not json";
  const std::string wrong_type = R"({"eventId":"e-unknown-1","eventType":"OrderShipped"})";
  ASSERT_TRUE(producer.produce_and_wait(pipeline_->raw_topic(), "k1", garbage).delivered);
  ASSERT_TRUE(producer.produce_and_wait(pipeline_->raw_topic(), "k2", wrong_type).delivered);

  TopicReader dead_letters(shared_stack().kafka_brokers(), pipeline_->dead_letter_topic());
  std::map<std::string, std::string> reason_by_value;
  ASSERT_TRUE(eventually([&] {
    for (const auto& m : dead_letters.read()) reason_by_value[m.value] = header(m, "dlq.reason");
    return reason_by_value.count(garbage) && reason_by_value.count(wrong_type);
  }));
  EXPECT_EQ(reason_by_value[garbage], "not_json");
  EXPECT_EQ(reason_by_value[wrong_type], "unknown_event_type");
}

}  // namespace
}  // namespace orderflow::testing
