// The services against a secure stack: Kafka only over SASL_SSL with SCRAM-SHA-512, PostgreSQL only
// over TLS with sslmode=verify-full and a password, Redis only over TLS with an ACL user; passwords
// reach the services through *_FILE settings, as Kubernetes and Docker mount secrets.
#include <gtest/gtest.h>
#include <httplib.h>

#include "eventually.h"
#include "file_text.h"
#include "http_json.h"
#include "keys_tool.h"
#include "pipeline.h"

namespace orderflow::testing {
namespace {

class Secure : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stack_ = new TestStack({.secure = true});
    pipeline_ = new Pipeline(*stack_);
    pipeline_->start();
  }
  static void TearDownTestSuite() {
    delete pipeline_;
    delete stack_;
  }
  static std::string tls(const std::string& file) { return stack_->dir() + "/tls/" + file; }
  static std::string secret(const std::string& name) {
    std::string text = read_file(stack_->dir() + "/secrets/" + name);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
  }
  static std::string order_body(const std::string& id) {
    return R"({"id":")" + id +
           R"(","user_id":"u-secure","total":20.00,"status":"pending",)"
           R"("timestamp":"2026-11-23T10:00:00Z"})";
  }

  static TestStack* stack_;
  static Pipeline* pipeline_;
};
TestStack* Secure::stack_ = nullptr;
Pipeline* Secure::pipeline_ = nullptr;

TEST_F(Secure, AnOrderFlowsThroughKafkaSaslSslPostgresVerifyFullAndRedisTls) {
  EXPECT_EQ(stack_->env().count("DATABASE_URL"), 0u) << "the stack hands out passwords only as files";
  const std::string id = "secure-order-1";
  auto gateway = pipeline_->gateway_client();
  const httplib::Headers idempotency = {{"Idempotency-Key", "secure-key-1"}};
  auto accepted = gateway.Post("/order", idempotency, order_body(id), "application/json");
  ASSERT_TRUE(accepted);
  ASSERT_EQ(accepted->status, 202) << accepted->body;
  // Kafka (SASL_SSL) carried it through the validator to the processor, which wrote it to
  // PostgreSQL (verify-full); the read-api reads it back over TLS too.
  httplib::Client read_api("127.0.0.1", pipeline_->read_api().http_port());
  const auto order = get_when_present(read_api, "/orders/" + id);
  ASSERT_TRUE(order);
  EXPECT_EQ(exact_json::dump_exact((*order)["totalAmount"]), "20.00");
  // Redis (TLS, ACL user) keeps Idempotency-Key answers: the retry is a replay.
  auto replay = gateway.Post("/order", idempotency, order_body(id), "application/json");
  ASSERT_TRUE(replay);
  EXPECT_EQ(replay->status, 202);
  EXPECT_EQ(replay->get_header_value("Idempotent-Replayed"), "true");
  // The dead letter tool reaches the same Kafka with the same settings.
  auto env = pipeline_->env();
  const std::string dlq = binary_dir() + "/services/dlq-tool/orderflow-dlq";
  std::string command;
  for (const auto& [k, v] : env) command += k + "='" + v + "' ";
  EXPECT_EQ(std::system((command + dlq + " count > /dev/null 2>&1").c_str()), 0);
}

TEST_F(Secure, GatewayAndReadApiServeHttpsWithTheGivenCertificate) {
  auto env = pipeline_->env();
  env["HTTP_TLS_CERT_FILE"] = tls("server.pem");
  env["HTTP_TLS_KEY_FILE"] = tls("server.key");
  ServiceProcess gateway("gateway", env);
  ServiceProcess read_api("read-api", env);
  gateway.start();
  read_api.start();
  httplib::SSLClient https("localhost", gateway.http_port());
  https.set_ca_cert_path(tls("ca.pem").c_str());
  https.enable_server_certificate_verification(true);
  https.set_bearer_token_auth(pipeline_->api_key());
  ASSERT_TRUE(eventually([&] {
    auto health = https.Get("/health");
    return health && health->status == 200;
  })) << gateway.log_tail();
  auto accepted = https.Post("/order", order_body("secure-https-1"), "application/json");
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 202);

  httplib::SSLClient reads("localhost", read_api.http_port());
  reads.set_ca_cert_path(tls("ca.pem").c_str());
  reads.enable_server_certificate_verification(true);
  EXPECT_TRUE(eventually([&] {
    auto order = reads.Get("/orders/secure-https-1");
    return order && order->status == 200;
  }));

  // A client that trusts another CA refuses the server; plain HTTP gets no answer.
  httplib::SSLClient distrustful("localhost", gateway.http_port());
  distrustful.set_ca_cert_path(tls("other-ca.pem").c_str());
  distrustful.enable_server_certificate_verification(true);
  auto refused = distrustful.Get("/health");
  EXPECT_FALSE(refused);
  EXPECT_EQ(refused.error(), httplib::Error::SSLServerVerification);
  httplib::Client plain("127.0.0.1", gateway.http_port());
  auto plain_answer = plain.Get("/health");
  EXPECT_TRUE(!plain_answer || plain_answer->status >= 400);
  EXPECT_EQ(gateway.terminate(), 0);
  EXPECT_EQ(read_api.terminate(), 0);
}

TEST_F(Secure, AWrongCaOrPasswordStopsStartUpWithAClearError) {
  struct Case {
    std::string what;
    std::map<std::string, std::string> change;  // "" removes the setting
    std::string expected;                       // in the log
  };
  const std::string wrong_password = "wrong-password-7731";
  const std::string database_url = secret("database-url");
  const std::string redis_url = secret("redis-url");
  auto replace = [](std::string text, const std::string& from, const std::string& to) {
    text.replace(text.find(from), from.size(), to);
    return text;
  };
  const std::vector<Case> cases = {
      {"Kafka with a CA that did not sign the broker",
       {{"KAFKA_SSL_CA_LOCATION", tls("other-ca.pem")}},
       "certificate verify failed"},
      {"Kafka with a wrong SASL password",
       {{"KAFKA_SASL_PASSWORD_FILE", ""}, {"KAFKA_SASL_PASSWORD", wrong_password}},
       "Authentication failed"},
      {"PostgreSQL with a CA that did not sign the server",
       {{"DATABASE_URL_FILE", ""}, {"DATABASE_URL", replace(database_url, tls("ca.pem"), tls("other-ca.pem"))}},
       "certificate verify failed"},
      {"PostgreSQL with a wrong password",
       {{"DATABASE_URL_FILE", ""}, {"DATABASE_URL", replace(database_url, secret("postgres"), wrong_password)}},
       "password authentication failed"},
      {"Redis with a CA that did not sign the server",
       {{"REDIS_CA_FILE", tls("other-ca.pem")}},
       "certificate verify failed"},
      {"Redis with a wrong password",
       {{"REDIS_URL_FILE", ""}, {"REDIS_URL", replace(redis_url, secret("redis"), wrong_password)}},
       "WRONGPASS"},
  };
  std::vector<std::unique_ptr<ServiceProcess>> gateways;
  for (const auto& c : cases) {
    auto env = pipeline_->env();
    for (const auto& [name, value] : c.change) {
      if (value.empty()) {
        env.erase(name);
      } else {
        env[name] = value;
      }
    }
    gateways.push_back(std::make_unique<ServiceProcess>("gateway", env));
    gateways.back()->start();
  }
  for (std::size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].what);
    auto& gateway = *gateways[i];
    ASSERT_TRUE(eventually([&] { return !gateway.running(); }, std::chrono::seconds(20)))
        << "still running: " << gateway.log_tail();
    EXPECT_EQ(gateway.exit_code(), 1);
    const std::string log = gateway.log_tail(1 << 20);
    EXPECT_NE(log.find(cases[i].expected), std::string::npos) << log;
    EXPECT_NE(log.find("gateway stopped on error"), std::string::npos) << log;
    EXPECT_EQ(log.find(wrong_password), std::string::npos) << "the wrong password was logged";
  }
}

TEST_F(Secure, NoSecretAppearsInLogsMetricsOrReadiness) {
  // Traffic first, so every path that could log has run (the services log at debug level here).
  auto gateway = pipeline_->gateway_client();
  ASSERT_EQ(gateway.Post("/order", order_body("secure-leak-1"), "application/json")->status, 202);
  ASSERT_EQ(gateway.Post("/order", "{not json", "application/json")->status, 400);
  httplib::Client anonymous("127.0.0.1", pipeline_->gateway().http_port());
  ASSERT_EQ(anonymous.Post("/order", order_body("x"), "application/json")->status, 401);

  std::vector<std::pair<std::string, std::string>> secrets = {{"API key", pipeline_->api_key()}};
  for (const char* name : {"postgres", "redis", "kafka", "kafka-broker"}) secrets.push_back({name, secret(name)});
  std::string outputs;
  for (auto* service :
       {&pipeline_->gateway(), &pipeline_->validator(), &pipeline_->processor(), &pipeline_->read_api()}) {
    httplib::Client client("127.0.0.1", service->http_port());
    outputs += service->log_tail(64 << 20);
    outputs += client.Get("/metrics")->body;
    outputs += client.Get("/ready")->body;
  }
  ASSERT_GT(outputs.size(), 10'000u);
  for (const auto& [what, value] : secrets) {
    ASSERT_GE(value.size(), 20u) << what;
    EXPECT_EQ(outputs.find(value), std::string::npos) << "the " << what << " leaked";
  }
}

TEST_F(Secure, MetricsAndReadinessCanMoveToAnAdminPort) {
  auto env = pipeline_->env();
  const int admin = free_port();
  env["ADMIN_PORT"] = std::to_string(admin);
  ServiceProcess read_api("read-api", env);
  read_api.start();
  read_api.wait_healthy();
  httplib::Client admin_client("127.0.0.1", admin);
  EXPECT_TRUE(eventually([&] {
    auto ready = admin_client.Get("/ready");
    return ready && ready->status == 200;
  }));
  EXPECT_NE(admin_client.Get("/metrics")->body.find("http_requests_total"), std::string::npos);
  httplib::Client api("127.0.0.1", read_api.http_port());
  EXPECT_EQ(api.Get("/metrics")->status, 404);
  EXPECT_EQ(api.Get("/ready")->status, 404);
  EXPECT_EQ(read_api.terminate(), 0);
}

}  // namespace
}  // namespace orderflow::testing
