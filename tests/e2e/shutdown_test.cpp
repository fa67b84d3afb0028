// SIGTERM stops every service cleanly: exit code 0, promptly, and what was accepted before the
// signal is not lost.
#include <gtest/gtest.h>
#include <httplib.h>

#include "eventually.h"
#include "pipeline.h"

namespace orderflow::testing {
namespace {

TEST(Shutdown, EveryServiceExitsCleanlyOnSigtermAndAcceptedOrdersSurvive) {
  Pipeline pipeline(shared_stack());
  pipeline.start();
  httplib::Client gateway = pipeline.gateway_client();
  const std::string id = "shutdown-" + std::to_string(time(nullptr));
  auto response = gateway.Post(
      "/order",
      R"({"id":")" + id + R"(","user_id":"u1","total":10.5,"status":"pending","timestamp":"2025-10-06T17:00:00Z"})",
      "application/json");
  ASSERT_TRUE(response);
  ASSERT_EQ(response->status, 202);

  EXPECT_EQ(pipeline.gateway().terminate(std::chrono::seconds(15)), 0) << pipeline.gateway().log_tail();
  // The order was acknowledged by Kafka before the gateway stopped, so it still arrives.
  httplib::Client read_api("127.0.0.1", pipeline.read_api().http_port());
  EXPECT_TRUE(eventually([&] {
    auto r = read_api.Get("/orders/" + id);
    return r && r->status == 200;
  }));
  EXPECT_EQ(pipeline.validator().terminate(std::chrono::seconds(15)), 0) << pipeline.validator().log_tail();
  EXPECT_EQ(pipeline.processor().terminate(std::chrono::seconds(15)), 0) << pipeline.processor().log_tail();
  EXPECT_EQ(pipeline.read_api().terminate(std::chrono::seconds(15)), 0) << pipeline.read_api().log_tail();
}

}  // namespace
}  // namespace orderflow::testing
