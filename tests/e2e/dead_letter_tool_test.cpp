// orderflow-dlq against the real pipeline: a letter dead-lettered for a reason that has passed
// is redriven and applied; redriving it again has no further effect.
#include <cstdio>
#include <gtest/gtest.h>
#include <httplib.h>
#include <pqxx/pqxx>

#include "orderflow/common/time.h"
#include "orderflow/kafka/producer.h"

#include "eventually.h"
#include "http_json.h"
#include "offsets.h"
#include "pipeline.h"

namespace orderflow::testing {
namespace {

// Runs orderflow-dlq with the pipeline's Kafka settings; returns what it printed.
std::string dlq_tool(const Pipeline& pipeline, const std::string& arguments) {
  std::string command;
  for (const char* name : {"KAFKA_BROKERS", "TOPIC_EVENTS_RAW", "TOPIC_EVENTS_VALIDATED", "TOPIC_DEAD_LETTERS"}) {
    command += std::string(name) + "='" + pipeline.env().at(name) + "' ";
  }
  command += binary_dir() + "/services/dlq-tool/orderflow-dlq " + arguments + " 2>&1";
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[4096];
  while (pipe && fgets(buffer, sizeof buffer, pipe)) output += buffer;
  EXPECT_EQ(pipe ? pclose(pipe) : -1, 0) << command << "\n" << output;
  return output;
}

TEST(DeadLetterTool, RedrivesALetterOnceItsCauseHasPassedAndTwiceChangesNothing) {
  // No clock skew allowed, so an event stamped a few seconds ahead is dead-lettered now and
  // would be valid once that moment has passed.
  Pipeline pipeline(shared_stack(), {{"MAX_FUTURE_SKEW_SECONDS", "0"}});
  pipeline.start();
  const auto soon = std::chrono::system_clock::now() + std::chrono::seconds(3);
  const std::string sku = "redrive-" + std::to_string(time(nullptr));
  const std::string event = R"({"eventId":")" + sku +
                            R"(","eventType":"InventoryAdjusted","timestamp":"2025-10-20T10:00:00Z","sku":")" + sku +
                            R"(","quantity":4,"adjustmentType":"add","adjustedAt":")" + format_rfc3339(soon) + R"("})";
  kafka::Producer producer({shared_stack().kafka_brokers(), "test", {}}, {});
  ASSERT_TRUE(producer.produce_and_wait(pipeline.raw_topic(), sku, event).delivered);

  ASSERT_TRUE(eventually([&] { return dlq_tool(pipeline, "count").find("timestamp_in_future") != std::string::npos; }));
  EXPECT_NE(dlq_tool(pipeline, "list --reason timestamp_in_future").find(sku), std::string::npos);

  ASSERT_TRUE(eventually([&] { return std::chrono::system_clock::now() > soon; }, std::chrono::seconds(10)));
  EXPECT_NE(dlq_tool(pipeline, "redrive --event-id " + sku).find("redrove 1 dead letters"), std::string::npos);
  httplib::Client read_api("127.0.0.1", pipeline.read_api().http_port());
  ASSERT_TRUE(eventually([&] {
    const auto stock = get_when_present(read_api, "/inventory/" + sku, std::chrono::milliseconds(200));
    return stock && (*stock)["quantity"] == 4;
  }));
  EXPECT_EQ((*get_when_present(read_api, "/events/" + sku))["status"], "persisted");

  // Again: the event passes validation, reaches the processor, and is recognised as applied.
  dlq_tool(pipeline, "redrive --event-id " + sku);
  const auto brokers = shared_stack().kafka_brokers();
  ASSERT_TRUE(eventually([&] {
    return group_lag(brokers, pipeline.group("validator"), pipeline.raw_topic()) == 0 &&
           group_lag(brokers, pipeline.group("processor"), pipeline.validated_topic()) == 0;
  }));
  EXPECT_EQ((*get_when_present(read_api, "/inventory/" + sku))["quantity"], 4);
}

}  // namespace
}  // namespace orderflow::testing
