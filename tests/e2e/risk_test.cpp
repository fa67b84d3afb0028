// Risk scoring, enrichment and the review queue through the whole pipeline: every order and
// payment is assessed once and the assessment shows on the read-api; a `review` decision queues
// the order, a reviewer's decision moves its status, and a second decision is refused; the
// enriched topic carries the event joined with its user and products; a replay of the validated
// topic assesses nothing twice.
#include <gtest/gtest.h>
#include <httplib.h>
#include <pqxx/pqxx>
#include <unistd.h>

#include "eventually.h"
#include "http_json.h"
#include "kafka_probe.h"
#include "offsets.h"
#include "pipeline.h"

namespace orderflow::testing {
namespace {

class Risk : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pipeline_ = std::make_unique<Pipeline>(shared_stack());
    pipeline_->start();
  }
  static void TearDownTestSuite() { pipeline_.reset(); }

  static void post(const std::string& path, const std::string& body) {
    auto gateway = pipeline_->gateway_client();
    const auto answer = gateway.Post(path, body, "application/json");
    ASSERT_TRUE(answer);
    ASSERT_EQ(answer->status, 202) << path << " " << answer->body;
  }
  // An account opened long ago (so not a new account), and a product, both stored.
  static void reference_data(const std::string& user, const std::string& sku) {
    post("/users", R"({"userId":")" + user + R"(","email":")" + user +
                       R"(@example.com","firstName":"Ada","lastName":"Stone","createdAt":"2025-01-01T00:00:00Z"})");
    post("/products", R"({"sku":")" + sku +
                          R"(","name":"Teapot","category":"kitchen","price":25.00,"currency":"USD","active":true})");
    httplib::Client read_api("127.0.0.1", pipeline_->read_api().http_port());
    ASSERT_TRUE(get_when_present(read_api, "/users/" + user));
    ASSERT_TRUE(get_when_present(read_api, "/products/" + sku));
  }
  static void order(const std::string& id, const std::string& user, const std::string& sku, int quantity) {
    const std::string total = std::to_string(25 * quantity) + ".00";
    post("/orders", R"({"orderId":")" + id + R"(","userId":")" + user + R"(","totalAmount":)" + total +
                        R"(,"currency":"USD","items":[{"sku":")" + sku + R"(","quantity":)" + std::to_string(quantity) +
                        R"(,"price":25.00}]})");
  }
  // The order as the read-api shows it once `ready` holds.
  static nlohmann::json order_when(const std::string& id, const std::function<bool(const nlohmann::json&)>& ready) {
    httplib::Client read_api("127.0.0.1", pipeline_->read_api().http_port());
    nlohmann::json last;
    eventually([&] {
      const auto answer = read_api.Get("/orders/" + id);
      if (!answer || answer->status != 200) return false;
      last = parse_body(answer);
      return ready(last);
    });
    return last;
  }
  static std::string run() { return std::to_string(getpid()); }

  static std::unique_ptr<Pipeline> pipeline_;
};
std::unique_ptr<Pipeline> Risk::pipeline_;

TEST_F(Risk, AnOrdinaryOrderIsApprovedAndItsEnrichedEventCarriesItsUserAndProducts) {
  const std::string user = "risk-user-" + run() + "-a", sku = "TEAPOT-" + run() + "-a",
                    id = "risk-order-" + run() + "-a";
  reference_data(user, sku);
  order(id, user, sku, 1);
  const auto view = order_when(id, [](const auto& o) { return !o["risk"].is_null(); });
  ASSERT_FALSE(view["risk"].is_null()) << view.dump();
  EXPECT_EQ(view["risk"]["decision"], "approve");
  EXPECT_EQ(view["status"], "placed");
  EXPECT_EQ(view["risk"]["modelVersion"], "risk-v2");
  EXPECT_TRUE(view["risk"]["missing"].empty());
  EXPECT_TRUE(view["risk"]["review"].is_null());

  TopicReader enriched(shared_stack().kafka_brokers(), pipeline_->enriched_topic());
  std::optional<nlohmann::json> event;
  ASSERT_TRUE(eventually([&] {
    for (const auto& m : enriched.read()) {
      auto parsed = exact_json::parse_exact(m.value);
      if (m.key == id && std::holds_alternative<nlohmann::json>(parsed)) event = std::get<nlohmann::json>(parsed);
    }
    return event.has_value();
  }));
  EXPECT_EQ((*event)["eventType"], "OrderPlaced");
  EXPECT_EQ((*event)["enrichment"]["user"]["firstName"], "Ada");
  EXPECT_EQ((*event)["enrichment"]["products"][sku]["name"], "Teapot");
  EXPECT_EQ(exact_json::dump_exact((*event)["enrichment"]["products"][sku]["price"]), "25.00");
  EXPECT_EQ(exact_json::dump_exact((*event)["totalAmount"]), "25.00");
  EXPECT_EQ((*event)["risk"]["assessmentId"], view["risk"]["assessmentId"]);
}

TEST_F(Risk, AnUnusualOrderWaitsForReviewAndAReviewersRejectionIsFinal) {
  const std::string user = "risk-user-" + run() + "-b", sku = "TEAPOT-" + run() + "-b",
                    id = "risk-order-" + run() + "-b";
  reference_data(user, sku);
  order(id, user, sku, 80);
  const auto held = order_when(id, [](const auto& o) { return !o["risk"].is_null(); });
  ASSERT_EQ(held["risk"]["decision"], "review") << held.dump();
  EXPECT_EQ(held["status"], "in_review");
  EXPECT_EQ(held["risk"]["reasons"][0]["feature"], "max_quantity");
  ASSERT_FALSE(held["risk"]["review"].is_null());
  EXPECT_EQ(held["risk"]["review"]["status"], "pending");
  const std::string review_id = held["risk"]["review"]["reviewId"];

  // In the queue, found by paging through it oldest first.
  httplib::Client read_api("127.0.0.1", pipeline_->read_api().http_port());
  bool queued = false;
  std::string after;
  for (int page = 0; page < 100 && !queued; ++page) {
    const auto answer = read_api.Get("/reviews?status=pending&limit=50" + (after.empty() ? "" : "&after=" + after));
    ASSERT_EQ(answer->status, 200) << answer->body;
    const auto body = parse_body(answer);
    for (const auto& r : body["reviews"]) {
      if (r["reviewId"] != review_id) continue;
      queued = true;
      EXPECT_EQ(r["orderId"], id);
      EXPECT_EQ(r["userId"], user);
      EXPECT_EQ(exact_json::dump_exact(r["amount"]), "2000.00");
      EXPECT_EQ(r["assessment"]["decision"], "review");
    }
    if (body["next"].is_null()) break;
    after = body["next"];
  }
  EXPECT_TRUE(queued);
  EXPECT_EQ(read_api.Get("/reviews?status=maybe")->status, 400);
  EXPECT_EQ(read_api.Get("/reviews?limit=0")->status, 400);

  auto gateway = pipeline_->gateway_client();
  const std::string path = "/reviews/" + review_id + "/decision";
  EXPECT_EQ(gateway.Post(path, R"({"decision":"maybe"})", "application/json")->status, 400);
  EXPECT_EQ(gateway.Post("/reviews/no-such-review/decision", R"({"decision":"approve"})", "application/json")->status,
            404);
  const auto decided = gateway.Post(path, R"({"decision":"reject","note":"card reported stolen"})", "application/json");
  ASSERT_EQ(decided->status, 202) << decided->body;
  const auto again = gateway.Post(path, R"({"decision":"approve"})", "application/json");
  EXPECT_EQ(again->status, 409) << "deciding twice is refused, even before the first decision is stored";
  EXPECT_EQ(parse_body(again)["error"], "already_decided");

  const auto rejected = order_when(id, [](const auto& o) { return o["status"] == "rejected"; });
  EXPECT_EQ(rejected["status"], "rejected");
  EXPECT_EQ(rejected["risk"]["review"]["status"], "rejected");
  EXPECT_EQ(rejected["risk"]["review"]["note"], "card reported stolen");
  EXPECT_EQ(rejected["risk"]["review"]["reviewer"], pipeline_->group("tests"));
  const auto later = gateway.Post(path, R"({"decision":"approve"})", "application/json");
  EXPECT_EQ(later->status, 409);
}

TEST_F(Risk, APaymentThatDoesNotMatchItsOrderIsDeclined) {
  const std::string user = "risk-user-" + run() + "-c", sku = "TEAPOT-" + run() + "-c",
                    id = "risk-order-" + run() + "-c";
  reference_data(user, sku);
  order(id, user, sku, 2);
  post("/payments", R"({"paymentId":"pay-)" + id + R"(","orderId":")" + id +
                        R"(","amount":1.00,"currency":"USD","paymentMethod":"credit_card","status":"completed"})");
  const auto view =
      order_when(id, [](const auto& o) { return o.contains("payment") && !o["payment"]["risk"].is_null(); });
  ASSERT_TRUE(view.contains("payment")) << view.dump();
  EXPECT_EQ(view["payment"]["risk"]["decision"], "decline");
  EXPECT_EQ(view["payment"]["riskStatus"], "declined");
  EXPECT_EQ(view["payment"]["risk"]["reasons"][0]["feature"], "payment_mismatch");
  EXPECT_EQ(view["risk"]["decision"], "approve") << "the order itself was ordinary";
}

TEST_F(Risk, AReplayOfTheValidatedTopicAssessesNothingTwice) {
  const std::string user = "risk-user-" + run() + "-d", sku = "TEAPOT-" + run() + "-d";
  reference_data(user, sku);
  for (int i = 0; i < 5; ++i) order("risk-order-" + run() + "-d" + std::to_string(i), user, sku, 1);
  const std::string last = "risk-order-" + run() + "-d4";
  const auto before = order_when(last, [](const auto& o) { return !o["risk"].is_null(); });
  ASSERT_FALSE(before["risk"].is_null());

  auto& risk = pipeline_->risk();
  risk.terminate();
  reset_group_to_earliest(shared_stack().kafka_brokers(), pipeline_->group("risk"), pipeline_->validated_topic());
  risk.start();
  risk.wait_ready();
  ASSERT_TRUE(eventually(
      [&] {
        return group_lag(shared_stack().kafka_brokers(), pipeline_->group("risk"), pipeline_->validated_topic()) == 0;
      },
      std::chrono::seconds(60)));
  // Everything the replay published has reached PostgreSQL once the processor has caught up too.
  ASSERT_TRUE(eventually(
      [&] {
        return group_lag(shared_stack().kafka_brokers(), pipeline_->group("processor"), pipeline_->validated_topic()) ==
               0;
      },
      std::chrono::seconds(60)));

  pqxx::connection connection(shared_stack().database_url());
  pqxx::read_transaction txn(connection);
  const auto rows = txn.exec_params(
      "SELECT count(*), count(DISTINCT source_event_id) FROM risk_assessments WHERE user_id = $1", user);
  EXPECT_EQ(rows[0][0].as<int>(), 5);
  EXPECT_EQ(rows[0][1].as<int>(), 5);
  const auto after = order_when(last, [](const auto& o) { return !o["risk"].is_null(); });
  EXPECT_EQ(after["risk"], before["risk"]) << "the replayed event got its stored assessment";
}

}  // namespace
}  // namespace orderflow::testing
