// orderflow-loadgen against the running pipeline: everything it sends is accepted, and what it
// built reads back joined (orders with their products' names), fraud patterns labelled.
#include <cstdlib>
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include "eventually.h"
#include "file_text.h"
#include "http_json.h"
#include "pipeline.h"

namespace orderflow::testing {
namespace {

TEST(Loadgen, ItsTrafficIsAcceptedAndReadsBackJoined) {
  auto& pipeline = shared_pipeline();
  const std::string dir = ::testing::TempDir();
  const std::string run = "lgtest" + std::to_string(getpid());
  const std::string command =
      "ORDERFLOW_API_KEY='" + pipeline.api_key() + "' " + binary_dir() +
      "/tools/loadgen/orderflow-loadgen --gateway http://127.0.0.1:" + std::to_string(pipeline.gateway().http_port()) +
      " --rate 150 --duration 3 --connections 8 --users 20 --products 10 --fraud-share 0.2"
      " --run " +
      run + " --json --labels " + dir + "/labels.csv > " + dir + "/summary.json 2> " + dir + "/progress.txt";
  ASSERT_EQ(std::system(command.c_str()), 0) << read_file(dir + "/progress.txt");
  const auto summary = nlohmann::json::parse(read_file(dir + "/summary.json"));
  EXPECT_GE(summary["requests"].get<int>(), 400);
  EXPECT_EQ(summary["statuses"].size(), 1u) << summary["statuses"].dump();
  EXPECT_EQ(summary["statuses"]["202"], summary["requests"]);
  EXPECT_GT(summary["accepted"]["order"].get<int>(), 0);
  EXPECT_GT(summary["accepted"]["payment"].get<int>(), 0);
  EXPECT_FALSE(summary["fraudPlanted"].empty());
  // Not a terminal: plain progress lines.
  EXPECT_NE(read_file(dir + "/progress.txt").find(" sent "), std::string::npos);

  const std::string labels = read_file(dir + "/labels.csv");
  ASSERT_EQ(labels.rfind("orderId,pattern\n", 0), 0u);
  const std::string first_labelled = labels.substr(16, labels.find(',', 16) - 16);
  httplib::Client read_api("127.0.0.1", pipeline.read_api().http_port());
  nlohmann::json order;
  ASSERT_TRUE(eventually([&] {
    auto answer = read_api.Get("/orders/" + first_labelled);
    if (!answer || answer->status != 200) return false;
    order = parse_body(answer);
    return !order["items"][0]["product"].is_null();
  })) << first_labelled;
  EXPECT_EQ(order["items"][0]["product"]["name"].get<std::string>().rfind("Product ", 0), 0u);
}

}  // namespace
}  // namespace orderflow::testing
