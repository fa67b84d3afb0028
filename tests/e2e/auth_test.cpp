// Authentication and rate limits on the real gateway and read-api, with keys issued by the real
// orderflow-keys against the stack's PostgreSQL and token buckets in its Redis.
#include <gtest/gtest.h>
#include <httplib.h>
#include <jwt/jwt.hpp>
#include <nlohmann/json.hpp>

#include "eventually.h"
#include "http_json.h"
#include "keys_tool.h"
#include "pipeline.h"

namespace orderflow::testing {
namespace {

class Auth : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { pipeline_ = &shared_pipeline(); }

  static std::string unique(const std::string& what) {
    static int counter = 0;
    return what + "-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
  }
  static std::string order_body(const std::string& id, const std::string& total = "12.50") {
    return R"({"id":")" + id + R"(","user_id":"u-auth","total":)" + total +
           R"(,"status":"pending","timestamp":"2026-11-23T10:00:00Z"})";
  }
  static httplib::Client gateway_with(const std::string& key) {
    httplib::Client client("127.0.0.1", pipeline_->gateway().http_port());
    if (!key.empty()) client.set_bearer_token_auth(key);
    return client;
  }
  static std::string key(const std::string& name, const std::vector<std::string>& args = {}) {
    return create_api_key(pipeline_->env(), name, args);
  }
  // A new key counts once the gateway reloaded its keys (API_KEYS_REFRESH_MS).
  static void wait_until_known(const std::string& secret) {
    ASSERT_TRUE(eventually([&] {
      auto answer = gateway_with(secret).Post("/order", order_body(unique("probe")), "application/json");
      return answer && answer->status != 401;
    }));
  }

  static Pipeline* pipeline_;
};
Pipeline* Auth::pipeline_ = nullptr;

TEST_F(Auth, WithoutAKeyAWriteIs401AndNothingIsPublished) {
  const std::string id = unique("order-nokey");
  auto answer = gateway_with("").Post("/order", order_body(id), "application/json");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 401);
  EXPECT_EQ(answer->get_header_value("WWW-Authenticate"), R"(Bearer realm="orderflow")");
  EXPECT_EQ(parse_body(answer)["error"], "unauthenticated");

  auto forged =
      gateway_with("of_notARealKeyAtAllxxxxxxxxxxxxxxxxxxxxxxxxxxx").Post("/order", order_body(id), "application/json");
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 401);
  EXPECT_EQ(parse_body(forged)["error"], "invalid_api_key");
  // The order never reached PostgreSQL: a later authenticated write of another order is readable
  // while this one is not.
  const std::string later = unique("order-after");
  ASSERT_EQ(pipeline_->gateway_client().Post("/order", order_body(later), "application/json")->status, 202);
  httplib::Client read_api("127.0.0.1", pipeline_->read_api().http_port());
  ASSERT_TRUE(get_when_present(read_api, "/orders/" + later));
  EXPECT_EQ(read_api.Get("/orders/" + id)->status, 404);
}

TEST_F(Auth, AKeyMayPublishOnlyItsEventTypes) {
  const std::string orders_only = key(unique("orders-only"), {"--types", "OrderPlaced"});
  wait_until_known(orders_only);
  auto order = gateway_with(orders_only).Post("/order", order_body(unique("order")), "application/json");
  ASSERT_TRUE(order);
  EXPECT_EQ(order->status, 202);
  auto payment = gateway_with(orders_only)
                     .Post("/payments",
                           R"({"order_id":"o-1","amount":10.00,"currency":"USD","payment_method":"card",)"
                           R"("status":"completed"})",
                           "application/json");
  ASSERT_TRUE(payment);
  EXPECT_EQ(payment->status, 403);
  EXPECT_EQ(parse_body(payment)["error"], "forbidden");
  EXPECT_EQ(payment->get_header_value("WWW-Authenticate"), R"(Bearer realm="orderflow", error="insufficient_scope")");
  // POST /events checks each event's own type: a batch with a forbidden one is refused whole.
  auto batch = gateway_with(orders_only)
                   .Post("/events", R"([{"eventType":"OrderPlaced"},{"eventType":"PaymentSettled","eventId":"x"}])",
                         "application/json");
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->status, 403);
}

TEST_F(Auth, CreatedAndRevokedKeysTakeEffectWithoutARestart) {
  const std::string name = unique("rotating");
  const std::string secret = key(name);
  wait_until_known(secret);
  auto listed = run_keys_tool(pipeline_->env(), {"list"});
  EXPECT_EQ(listed.exit_code, 0);
  EXPECT_NE(listed.out.find(name), std::string::npos);
  EXPECT_EQ(listed.out.find(secret), std::string::npos) << "list never shows a key";

  ASSERT_EQ(run_keys_tool(pipeline_->env(), {"revoke", name}).exit_code, 0);
  EXPECT_TRUE(eventually([&] {
    auto answer = gateway_with(secret).Post("/order", order_body(unique("revoked")), "application/json");
    return answer && answer->status == 401;
  })) << "a revoked key still works";
  EXPECT_EQ(run_keys_tool(pipeline_->env(), {"revoke", name}).exit_code, 1) << "nothing left to revoke";
}

TEST_F(Auth, PastItsLimitAKeyGets429WithRetryAfterSharedAcrossGateways) {
  const std::string name = unique("limited");
  const std::string secret = key(name, {"--rate", "0.2", "--burst", "4"});
  // A second gateway on the same Redis, which reads the key as it starts: the bucket is the key's,
  // not a replica's.
  ServiceProcess second("gateway", pipeline_->env());
  second.start();
  second.wait_ready();
  wait_until_known(secret);  // the first gateway's probe takes one token
  httplib::Client first = gateway_with(secret);
  httplib::Client other("127.0.0.1", second.http_port());
  other.set_bearer_token_auth(secret);
  std::vector<int> statuses;
  for (int i = 0; i < 4; ++i) {
    auto& client = i % 2 ? other : first;
    auto answer = client.Post("/order", order_body(unique("limited")), "application/json");
    ASSERT_TRUE(answer);
    statuses.push_back(answer->status);
    if (answer->status == 429) {
      EXPECT_EQ(parse_body(answer)["error"], "rate_limited");
      EXPECT_GE(std::stoi(answer->get_header_value("Retry-After")), 1);
      EXPECT_EQ(answer->get_header_value("RateLimit-Limit"), "4");
      EXPECT_EQ(answer->get_header_value("RateLimit-Remaining"), "0");
    }
  }
  // One token went to the probe and three to the next requests; the fourth finds the bucket empty.
  EXPECT_EQ(statuses, (std::vector<int>{202, 202, 202, 429}));
  httplib::Client metrics("127.0.0.1", pipeline_->gateway().http_port());
  const auto exposition = metrics.Get("/metrics")->body + other.Get("/metrics")->body;
  EXPECT_NE(exposition.find("client_requests_total{client=\"" + name + "\",outcome=\"rate_limited\"}"),
            std::string::npos);
  second.terminate();
}

TEST_F(Auth, IdempotencyKeysBelongToTheClientThatSentThem) {
  const std::string alice = key(unique("alice"));
  const std::string mallory = key(unique("mallory"));
  wait_until_known(alice);
  wait_until_known(mallory);
  const std::string idempotency_key = unique("shared-key");
  const httplib::Headers headers = {{"Idempotency-Key", idempotency_key}};
  auto first = gateway_with(alice).Post("/order", headers, order_body(unique("alice-order")), "application/json");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 202);
  // Mallory reusing Alice's key neither replays Alice's answer nor is refused as a reuse.
  auto squatted =
      gateway_with(mallory).Post("/order", headers, order_body(unique("mallory-order")), "application/json");
  ASSERT_TRUE(squatted);
  EXPECT_EQ(squatted->status, 202);
  EXPECT_FALSE(squatted->has_header("Idempotent-Replayed"));
  EXPECT_NE(parse_body(squatted)["eventId"], parse_body(first)["eventId"]);
  // Under Alice's name the key is still hers: another body with it is refused as a reuse.
  auto retry = gateway_with(alice).Post("/order", headers, order_body("ignored-on-replay"), "application/json");
  ASSERT_TRUE(retry);
  EXPECT_EQ(retry->status, 422) << "same key, other body: reuse is refused for its owner";
}

TEST_F(Auth, ReadsAreOpenByDefaultAndNeedAKeyWithReadAuth) {
  httplib::Client open_reads("127.0.0.1", pipeline_->read_api().http_port());
  EXPECT_EQ(open_reads.Get("/orders/none-such")->status, 404);

  auto env = pipeline_->env();
  env["READ_AUTH"] = "api_keys";
  ServiceProcess guarded("read-api", env);
  guarded.start();
  guarded.wait_ready();
  httplib::Client anonymous("127.0.0.1", guarded.http_port());
  auto refused = anonymous.Get("/orders/none-such");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
  EXPECT_EQ(anonymous.Get("/health")->status, 200) << "health stays open for probes";
  httplib::Client keyed("127.0.0.1", guarded.http_port());
  keyed.set_bearer_token_auth(pipeline_->api_key());
  EXPECT_TRUE(eventually([&] { return keyed.Get("/orders/none-such")->status == 404; }));
  guarded.terminate();
}

TEST_F(Auth, AGatewayWithJwtSettingsAlsoAcceptsTokensFromTheIssuer) {
  const std::string secret = "e2e-test-only-hs256-secret-of-32-bytes-or-more";
  auto env = pipeline_->env();
  env["JWT_ISSUER"] = "https://id.example";
  env["JWT_AUDIENCE"] = "orderflow";
  env["JWT_HS256_SECRET"] = secret;
  ServiceProcess gateway("gateway", env);
  gateway.start();
  gateway.wait_ready();
  auto sign = [&](const std::string& audience, std::chrono::seconds lifetime, const std::string& scope) {
    jwt::jwt_object token{jwt::params::algorithm("HS256"), jwt::params::secret(secret)};
    token.add_claim("iss", "https://id.example")
        .add_claim("aud", audience)
        .add_claim("sub", "mobile-app")
        .add_claim("scope", scope)
        .add_claim("exp", std::chrono::system_clock::now() + lifetime);
    return token.signature();
  };
  auto post = [&](const std::string& token, const std::string& path, const std::string& body) {
    httplib::Client client("127.0.0.1", gateway.http_port());
    client.set_bearer_token_auth(token);
    return client.Post(path, body, "application/json");
  };
  auto accepted = post(sign("orderflow", std::chrono::minutes(5), "publish:OrderPlaced"), "/order",
                       order_body(unique("jwt-order")));
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 202) << accepted->body;
  auto expired = post(sign("orderflow", -std::chrono::minutes(5), "publish:OrderPlaced"), "/order",
                      order_body(unique("jwt-expired")));
  EXPECT_EQ(expired->status, 401);
  EXPECT_EQ(parse_body(expired)["error"], "invalid_token");
  auto elsewhere = post(sign("another-api", std::chrono::minutes(5), "publish:OrderPlaced"), "/order",
                        order_body(unique("jwt-aud")));
  EXPECT_EQ(elsewhere->status, 401);
  auto out_of_scope = post(sign("orderflow", std::chrono::minutes(5), "publish:OrderPlaced"), "/users",
                           R"({"userId":"u-jwt","email":"jwt@example.com","name":"J"})");
  EXPECT_EQ(out_of_scope->status, 403);
  // API keys still work beside tokens.
  httplib::Client keyed("127.0.0.1", gateway.http_port());
  keyed.set_bearer_token_auth(pipeline_->api_key());
  EXPECT_EQ(keyed.Post("/order", order_body(unique("jwt-gw-key")), "application/json")->status, 202);
  EXPECT_EQ(gateway.terminate(), 0);
}

}  // namespace
}  // namespace orderflow::testing
