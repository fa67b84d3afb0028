#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <string>

#include "eventually.h"
#include "http_json.h"
#include "pipeline.h"
#include "test_stack.h"

// Shared by the hostile-input suite: after every hostile request or message, every service is
// still alive and healthy, and a valid event sent afterwards is persisted.
namespace orderflow::testing {

class Hostile : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { pipeline_ = &shared_pipeline(); }

  httplib::Client gateway() const { return pipeline_->gateway_client(); }
  httplib::Client read_api() const { return httplib::Client("127.0.0.1", pipeline_->read_api().http_port()); }

  static std::string unique(const std::string& what) {
    static int counter = 0;
    return what + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
  }

  // Every service process is running and answers GET /health.
  void expect_all_healthy() const {
    for (auto* service : {&pipeline_->gateway(), &pipeline_->validator(), &pipeline_->processor(), &pipeline_->risk(),
                          &pipeline_->read_api()}) {
      ASSERT_TRUE(service->running()) << service->log_tail();
      httplib::Client client("127.0.0.1", service->http_port());
      const auto health = client.Get("/health");
      ASSERT_TRUE(health) << "no answer from port " << service->http_port();
      EXPECT_EQ(health->status, 200);
    }
  }

  // A valid user through the gateway, then readable through the read-api: the pipeline still flows.
  void expect_a_valid_event_is_persisted() const {
    const std::string user = unique("after-hostile");
    auto client = gateway();
    const auto accepted =
        client.Post("/users", R"({"userId":")" + user + R"(","email":"a@example.com","firstName":"A","lastName":"B"})",
                    "application/json");
    ASSERT_TRUE(accepted);
    ASSERT_EQ(accepted->status, 202) << accepted->body;
    auto reader = read_api();
    EXPECT_TRUE(get_when_present(reader, "/users/" + user, std::chrono::seconds(60)).has_value())
        << "a valid event sent after a hostile one was not persisted";
  }

  static Pipeline* pipeline_;
};

inline Pipeline* Hostile::pipeline_ = nullptr;

}  // namespace orderflow::testing
