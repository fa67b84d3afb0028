// Products as reference data: POST /products through the pipeline into PostgreSQL and back out of
// GET /products/{sku}, the latest upsertedAt winning whatever order the events arrive in.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include "eventually.h"
#include "http_json.h"
#include "pipeline.h"

namespace orderflow::testing {
namespace {

class Products : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { pipeline_ = &shared_pipeline(); }

  static nlohmann::json post_product(const std::string& sku, const std::string& name, const std::string& upserted_at,
                                     const std::string& price = "1299.99") {
    auto gateway = pipeline_->gateway_client();
    auto answer = gateway.Post("/products",
                               R"({"sku":")" + sku + R"(","name":")" + name + R"(","category":"computers","price":)" +
                                   price + R"(,"currency":"USD","active":true,"upsertedAt":")" + upserted_at + R"("})",
                               "application/json");
    EXPECT_TRUE(answer);
    EXPECT_EQ(answer->status, 202) << answer->body;
    return parse_body(answer);
  }
  // Waits until the event is in PostgreSQL (applied, or recognised as superseded).
  static void wait_persisted(const nlohmann::json& accepted) {
    httplib::Client read_api("127.0.0.1", pipeline_->read_api().http_port());
    const std::string path = "/events/" + accepted["eventId"].get<std::string>();
    ASSERT_TRUE(eventually([&] {
      auto status = read_api.Get(path);
      return status && status->status == 200 && parse_body(status)["status"] == "persisted";
    }));
  }

  static Pipeline* pipeline_;
};
Pipeline* Products::pipeline_ = nullptr;

TEST_F(Products, AProductIsReadBackWithItsExactPrice) {
  const std::string sku = "SKU-" + std::to_string(getpid()) + "-A";
  const auto accepted = post_product(sku, "Laptop 14", "2026-11-01T10:00:00Z", "1299.990");
  EXPECT_EQ(accepted["sku"], sku);
  httplib::Client read_api("127.0.0.1", pipeline_->read_api().http_port());
  const auto product = get_when_present(read_api, "/products/" + sku);
  ASSERT_TRUE(product);
  EXPECT_EQ((*product)["name"], "Laptop 14");
  EXPECT_EQ((*product)["category"], "computers");
  EXPECT_EQ(exact_json::dump_exact((*product)["price"]), "1299.990") << "the amount exactly as sent";
  EXPECT_EQ((*product)["currency"], "USD");
  EXPECT_EQ((*product)["active"], true);
  EXPECT_EQ(read_api.Get("/products/none-such")->status, 404);
}

TEST_F(Products, TheLatestUpsertWinsEvenWhenAnOlderOneArrivesLast) {
  const std::string sku = "SKU-" + std::to_string(getpid()) + "-B";
  wait_persisted(post_product(sku, "Second name", "2026-11-02T10:00:00Z"));
  wait_persisted(post_product(sku, "First name, sent late", "2026-11-01T10:00:00Z"));
  httplib::Client read_api("127.0.0.1", pipeline_->read_api().http_port());
  const auto product = get_when_present(read_api, "/products/" + sku);
  ASSERT_TRUE(product);
  EXPECT_EQ((*product)["name"], "Second name");
  EXPECT_EQ((*product)["upsertedAt"], "2026-11-02T10:00:00Z");
}

TEST_F(Products, AnOrderIsReadWithItsUsersAndProductsCurrentNamesWhicheverCameFirst) {
  const std::string run = std::to_string(getpid());
  const std::string sku = "SKU-" + run + "-C", user = "user-" + run + "-c", order = "order-" + run + "-c";
  auto gateway = pipeline_->gateway_client();
  ASSERT_EQ(gateway
                .Post("/orders",
                      R"({"orderId":")" + order + R"(","userId":")" + user +
                          R"(","totalAmount":39.98,"currency":"EUR","items":[{"sku":")" + sku +
                          R"(","quantity":2,"price":19.99}]})",
                      "application/json")
                ->status,
            202);
  httplib::Client read_api("127.0.0.1", pipeline_->read_api().http_port());
  const auto before = get_when_present(read_api, "/orders/" + order);
  ASSERT_TRUE(before);
  EXPECT_TRUE((*before)["user"].is_null()) << "the user is not known yet";
  EXPECT_TRUE((*before)["items"][0]["product"].is_null()) << "the product is not known yet";

  ASSERT_EQ(gateway
                .Post("/users",
                      R"({"userId":")" + user + R"(","email":"jane@example.com","firstName":"Jane","lastName":"Roe"})",
                      "application/json")
                ->status,
            202);
  post_product(sku, "Mug", "2026-11-01T10:00:00Z", "19.99");
  nlohmann::json after;
  ASSERT_TRUE(eventually([&] {
    auto answer = read_api.Get("/orders/" + order);
    if (!answer || answer->status != 200) return false;
    after = parse_body(answer);
    return !after["user"].is_null() && !after["items"][0]["product"].is_null();
  }));
  EXPECT_EQ(after["user"]["firstName"], "Jane");
  EXPECT_EQ(after["user"]["email"], "jane@example.com");
  EXPECT_EQ(after["items"][0]["product"]["name"], "Mug");
}

}  // namespace
}  // namespace orderflow::testing
