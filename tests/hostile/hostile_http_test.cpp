// Hostile HTTP requests against the real gateway and read-api: each costs one precise 4xx, and
// afterwards every service is healthy and valid traffic still flows.
#include <future>
#include <iostream>

#include "hostile.h"
#include "raw_connection.h"

namespace orderflow::testing {
namespace {

std::string user_body(const std::string& id, const std::string& extra = "") {
  return R"({"userId":")" + id + R"(","email":"jane@example.com","firstName":"Jane","lastName":"Roe")" + extra + "}";
}

std::string problem_rules(const httplib::Result& result) {
  const nlohmann::json body = parse_body(result);
  std::string rules;
  for (const auto& p : body.at("problems")) rules += p.at("rule").get<std::string>() + " ";
  return rules;
}

class HostileHttp : public Hostile {
 protected:
  void TearDown() override { expect_all_healthy(); }

  int raw_status(const std::string& request) const {
    RawConnection connection(pipeline_->gateway().http_port());
    EXPECT_TRUE(connection.connected());
    connection.send(request);
    return connection.read_status();
  }
};

TEST_F(HostileHttp, AFieldNested200000LevelsDeepIs400NamingTheLimit) {
  const std::string deep = std::string(200'000, '[') + std::string(200'000, ']');
  auto result = gateway().Post("/users", user_body(unique("deep"), R"(,"extra":)" + deep), "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400);
  EXPECT_EQ(problem_rules(result), "maxDepth ");
}

TEST_F(HostileHttp, A60000CharacterEmailIs400) {
  const std::string body = R"({"userId":")" + unique("mail") + R"(","email":")" + std::string(60'000, 'a') +
                           R"(@example.com","firstName":"J","lastName":"R"})";
  auto result = gateway().Post("/users", body, "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400);
  EXPECT_NE(problem_rules(result).find("maxLength"), std::string::npos);
}

TEST_F(HostileHttp, IntegersWrittenWithAFractionAreIntegers) {
  const std::string user = unique("one-point-oh");
  auto result = gateway().Post(
      "/events",
      R"({"eventType":"UserCreated","schemaVersion":1.0,"eventId":")" + user +
          R"(","timestamp":"2025-10-20T10:00:00Z","userId":")" + user +
          R"(","email":"a@example.com","firstName":"A","lastName":"B","createdAt":"2025-10-20T10:00:00Z"})",
      "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 202) << result->body;
  const std::string order = unique("qty-one-point-oh");
  auto placed =
      gateway().Post("/orders",
                     R"({"orderId":")" + order + R"(","userId":")" + user +
                         R"(","totalAmount":2.50,"currency":"EUR","items":[{"sku":"S","quantity":1.0,"price":2.50}]})",
                     "application/json");
  ASSERT_TRUE(placed);
  EXPECT_EQ(placed->status, 202) << placed->body;
  auto reader = read_api();
  const auto stored = get_when_present(reader, "/orders/" + order, std::chrono::seconds(60));
  ASSERT_TRUE(stored);
  EXPECT_EQ((*stored)["items"][0]["quantity"], 1);
}

// 12 MiB was the case reported; the client offers up to 64 MiB so that what the kernel's socket
// buffers absorb after the server stopped reading (several MiB on loopback) cannot hide the cut.
TEST_F(HostileHttp, AChunkedBodyOfManyMegabytesIsNeverReadWhole) {
  RawConnection connection(pipeline_->gateway().http_port());
  ASSERT_TRUE(connection.connected());
  connection.send(
      "POST /order HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
  auto sender = std::async(std::launch::async, [&connection] {
    const std::string chunk = "10000\r\n" + std::string(65536, ' ') + "\r\n";
    int sent = 0;
    while (sent < 1024 && connection.send(chunk)) ++sent;  // 64 KiB each
    return sent;
  });
  const int status = connection.read_status();
  EXPECT_TRUE(status == 0 || status == 413) << status;
  EXPECT_LT(sender.get(), 1024) << "the whole body was read";
}

TEST_F(HostileHttp, ACompressedBodyIs415) {
  auto result = gateway().Post("/order", httplib::Headers{{"Content-Encoding", "gzip"}}, std::string(100, 'x'),
                               "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 415);
}

TEST_F(HostileHttp, TwoHundredHeadersOf8KilobytesAre431) {
  std::string request = "POST /order HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n";
  for (int i = 0; i < 200; ++i) request += "X-H" + std::to_string(i) + ": " + std::string(8192, 'v') + "\r\n";
  EXPECT_EQ(raw_status(request + "\r\n{}"), 431);
}

TEST_F(HostileHttp, ABodylessPostWithoutLengthIsAnsweredAtOnce) {
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(raw_status("POST /order HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer " +
                       pipeline_->api_key() + "\r\n\r\n"),
            400);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
}

TEST_F(HostileHttp, AHundredThousandEmptyItemsGetAShortError) {
  std::string items;
  for (int i = 0; i < 100'000; ++i) items += i ? ",{}" : "{}";
  auto result = gateway().Post(
      "/orders", R"({"orderId":"o","userId":"u","totalAmount":1,"currency":"EUR","items":[)" + items + "]}",
      "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400);
  EXPECT_LT(result->body.size(), 16u * 1024) << "error bodies are capped";
}

TEST_F(HostileHttp, ValuesPostgresCannotStoreAre422NotStorable) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/users",
       R"({"userId":")" + unique("nul") + R"(","email":"a@example.com","firstName":"Ja\u0000ne","lastName":"R"})"},
      {"/inventory/adjustments", R"({"sku":"S","quantity":3000000000,"adjustmentType":"add"})"},
      {"/inventory/adjustments",
       R"({"sku":"S","quantity":1,"adjustmentType":"add","adjustedAt":"0000-06-01T00:00:00Z"})"},
      {"/orders",
       R"({"orderId":"o","userId":"u","totalAmount":1,"currency":"EUR","items":[{"sku":"S","quantity":3000000000,"price":1}]})"},
      {"/order", R"({"id":"o","user_id":"u","total":10,"status":"new","timestamp":"2025-10-06T17:00:00+16:00"})"},
  };
  for (const auto& [path, body] : cases) {
    auto result = gateway().Post(path, body, "application/json");
    ASSERT_TRUE(result) << body;
    EXPECT_EQ(result->status, 422) << body << " -> " << result->body;
    EXPECT_NE(problem_rules(result).find("not_storable"), std::string::npos) << result->body;
  }
}

TEST_F(HostileHttp, ItemsWhoseSumIsBeyondExactArithmeticAre422) {
  auto result = gateway().Post(
      "/orders",
      R"({"userId":"u1","totalAmount":1,"currency":"USD","items":[{"sku":"s1","quantity":2,"price":9999999999999999999}]})",
      "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 422);
  EXPECT_NE(problem_rules(result).find("total_mismatch"), std::string::npos) << result->body;
}

TEST_F(HostileHttp, ADuplicateKeyIs400NamingTheKey) {
  auto result = gateway().Post(
      "/order",
      R"({"id":"o","user_id":"u","total":-5,"total":10.50,"status":"pending","timestamp":"2025-10-06T17:00:00Z"})",
      "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400);
  EXPECT_NE(result->body.find("duplicate key 'total'"), std::string::npos) << result->body;
}

TEST_F(HostileHttp, TheReadApiAnswersBadIdsWith400AndNeverAnotherEntity) {
  const std::string order = unique("existing");
  ASSERT_EQ(gateway()
                .Post("/order",
                      R"({"id":")" + order +
                          R"(","user_id":"u","total":1.00,"status":"pending","timestamp":"2025-10-06T17:00:00Z"})",
                      "application/json")
                ->status,
            202);
  auto reader = read_api();
  ASSERT_TRUE(get_when_present(reader, "/orders/" + order, std::chrono::seconds(60)));
  for (const std::string& path :
       std::vector<std::string>{"/orders/%ff", "/orders/" + order + "%00x", "/users/%", "/events/%c0%80"}) {
    auto result = reader.Get(path);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 400) << path;
    EXPECT_EQ(parse_body(result)["error"], "bad_path") << path;
  }
}

TEST_F(HostileHttp, ARefusedRequestLeavesItsIdempotencyKeyFree) {
  const httplib::Headers key = {{"Idempotency-Key", unique("key")}};
  const std::string body = user_body(unique("idem"));
  auto refused = gateway().Post("/users", key, body, "text/plain");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 415);
  auto fixed = gateway().Post("/users", key, body, "application/json");
  ASSERT_TRUE(fixed);
  EXPECT_EQ(fixed->status, 202) << fixed->body;
  EXPECT_FALSE(fixed->has_header("Idempotent-Replayed"));
}

TEST_F(HostileHttp, UnknownMethodsAre501AndAddNoMetricSeries) {
  auto client = gateway();
  auto options = client.Options("/order");
  ASSERT_TRUE(options);
  EXPECT_EQ(options->status, 204);
  EXPECT_EQ(options->get_header_value("Allow"), "POST, OPTIONS");
  EXPECT_EQ(raw_status("TRACE /order HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 405);
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(raw_status("XQ" + std::to_string(i) + " /order HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 501);
  }
  EXPECT_EQ(client.Get("/metrics")->body.find("XQ"), std::string::npos);
}

TEST_F(HostileHttp, AThousandIdleConnectionsDoNotDelayAnOrder) {
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 1000; ++i) {
    idle.push_back(std::make_unique<RawConnection>(pipeline_->gateway().http_port()));
    ASSERT_TRUE(idle.back()->connected()) << "connection " << i;
  }
  for (std::size_t i = 0; i < idle.size(); i += 2) idle[i]->send("POST /order HTTP/1.1\r\nHost: x\r\nContent-Le");
  const std::string order = unique("past-idle");
  const auto started = std::chrono::steady_clock::now();
  auto result = gateway().Post(
      "/order",
      R"({"id":")" + order + R"(","user_id":"u","total":1.00,"status":"pending","timestamp":"2025-10-06T17:00:00Z"})",
      "application/json");
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 202);
  EXPECT_LT(took, std::chrono::seconds(1));
  std::cout << "[figure] POST /order with 1000 idle connections open: " << took.count() << " ms" << std::endl;
}

TEST_F(HostileHttp, ValidTrafficStillFlowsAfterwards) {
  expect_a_valid_event_is_persisted();
}

}  // namespace
}  // namespace orderflow::testing
