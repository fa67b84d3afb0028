// The HTTP conventions every service shares, checked on a real server bound to a free port.
#include "orderflow/http/server.h"

#include <gtest/gtest.h>

namespace orderflow::http {
namespace {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.port = 0;
    options.max_body_bytes = 1024;
    server_ = std::make_unique<Server>(options, std::make_shared<metrics::Registry>());
    server_->route("POST", "/things", "/things", [](const httplib::Request&, httplib::Response& res) {
      reply_json(res, 202, {{"ok", true}});
    });
    server_->route("GET", R"(/things/([^/]+))", "/things/{id}", [](const httplib::Request&, httplib::Response&) {
      throw std::runtime_error("boom");
    });
    server_->start();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<httplib::Client> client_;
};

nlohmann::json body(const httplib::Result& result) { return nlohmann::json::parse(result->body); }

TEST_F(ServerTest, WrongMethodOnAKnownPathIs405WithAllow) {
  auto result = client_->Delete("/things");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 405);
  EXPECT_EQ(result->get_header_value("Allow"), "POST");
  EXPECT_EQ(body(result)["error"], "method_not_allowed");
}

TEST_F(ServerTest, UnknownPathIsJson404) {
  auto result = client_->Get("/nothing-here");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
  EXPECT_EQ(body(result)["error"], "not_found");
}

TEST_F(ServerTest, OversizedBodyIsJson413) {
  auto result = client_->Post("/things", std::string(4096, 'x'), "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 413);
  EXPECT_EQ(body(result)["error"], "payload_too_large");
}

TEST_F(ServerTest, AHandlerThatThrowsGivesJson500AndTheServerLivesOn) {
  auto result = client_->Get("/things/1");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 500);
  EXPECT_EQ(body(result)["error"], "internal_error");
  EXPECT_EQ(client_->Get("/health")->status, 200);
}

TEST_F(ServerTest, MetricsCountRequestsByRouteAndCode) {
  client_->Post("/things", "{}", "application/json");
  client_->Get("/nothing-here");
  // Requests are counted just after their response is written, so poll for the count.
  std::string metrics;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    metrics = client_->Get("/metrics")->body;
    if (metrics.find(R"(route="unmatched")") != std::string::npos) break;
  }
  EXPECT_NE(metrics.find(R"(http_requests_total{code="202",method="POST",route="/things"} 1)"), std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find(R"(http_requests_total{code="404",method="GET",route="unmatched"} 1)"), std::string::npos);
}

TEST_F(ServerTest, ReadinessReflectsTheCheck) {
  server_->set_readiness([](std::string& detail) {
    detail = "database down";
    return false;
  });
  auto result = client_->Get("/ready");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 503);
  EXPECT_EQ(body(result)["detail"], "database down");
}

}  // namespace
}  // namespace orderflow::http
