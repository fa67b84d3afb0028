#include "orderflow/kafka/statistics.h"

#include <gtest/gtest.h>

namespace orderflow::kafka {
namespace {

TEST(StatisticsMetrics, ExportsLagRttAndQueueDepthFromLibrdkafkaStatistics) {
  metrics::Registry registry;
  StatisticsMetrics statistics(registry);
  statistics.on_statistics(
      R"({"client_id":"orderflow-processor","name":"orderflow-processor#consumer-1","msg_cnt":3,"msg_size":120,
    "brokers":{"127.0.0.1:9092/1":{"nodeid":1,"rtt":{"avg":2500}},"GroupCoordinator":{"nodeid":-1,"rtt":{"avg":1}}},
    "topics":{"events":{"partitions":{"0":{"consumer_lag":42},"1":{"consumer_lag":-1},"-1":{"consumer_lag":0}}}}})");
  const std::string text = metrics::render(registry);
  EXPECT_NE(text.find(R"(kafka_consumer_lag{client="orderflow-processor",partition="0",topic="events"} 42)"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find(R"(partition="1")"), std::string::npos);
  EXPECT_NE(
      text.find(
          R"(kafka_broker_rtt_seconds{broker="127.0.0.1:9092/1",client="orderflow-processor",handle="orderflow-processor#consumer-1"} 0.0025)"),
      std::string::npos);
  EXPECT_EQ(text.find("GroupCoordinator"), std::string::npos);
  EXPECT_NE(
      text.find(
          R"(kafka_client_queue_messages{client="orderflow-processor",handle="orderflow-processor#consumer-1"} 3)"),
      std::string::npos);
}

TEST(StatisticsMetrics, TwoClientsOfOneProcessKeepTheirOwnQueueDepths) {
  metrics::Registry registry;
  StatisticsMetrics statistics(registry);
  statistics.on_statistics(
      R"({"client_id":"orderflow-validator","name":"orderflow-validator#producer-1","msg_cnt":7})");
  statistics.on_statistics(
      R"({"client_id":"orderflow-validator","name":"orderflow-validator#producer-2","msg_cnt":0})");
  const std::string text = metrics::render(registry);
  EXPECT_NE(
      text.find(
          R"(kafka_client_queue_messages{client="orderflow-validator",handle="orderflow-validator#producer-1"} 7)"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find(
          R"(kafka_client_queue_messages{client="orderflow-validator",handle="orderflow-validator#producer-2"} 0)"),
      std::string::npos)
      << text;
}

TEST(StatisticsMetrics, APartitionNoLongerReadHereLosesItsLag) {
  metrics::Registry registry;
  StatisticsMetrics statistics(registry);
  statistics.on_statistics(R"({"client_id":"orderflow-processor","name":"orderflow-processor#consumer-1",
    "topics":{"events":{"partitions":{"0":{"consumer_lag":42},"1":{"consumer_lag":5}}}}})");
  // A rebalance gave partition 1 to another replica: librdkafka still lists it, with the lag it
  // last computed, as no longer desired.
  statistics.on_statistics(R"({"client_id":"orderflow-processor","name":"orderflow-processor#consumer-1",
    "topics":{"events":{"partitions":{"0":{"consumer_lag":40,"desired":true},
                                      "1":{"consumer_lag":5,"desired":false,"fetch_state":"none"}}}}})");
  const std::string text = metrics::render(registry);
  EXPECT_NE(text.find(R"(kafka_consumer_lag{client="orderflow-processor",partition="0",topic="events"} 40)"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find(R"(partition="1")"), std::string::npos) << text;
}

TEST(StatisticsMetrics, APartitionMovedToAnotherClientOfTheProcessKeepsItsLag) {
  metrics::Registry registry;
  StatisticsMetrics statistics(registry);
  statistics.on_statistics(R"({"client_id":"orderflow-processor","name":"orderflow-processor#consumer-1",
    "topics":{"events":{"partitions":{"1":{"consumer_lag":5}}}}})");
  statistics.on_statistics(R"({"client_id":"orderflow-processor","name":"orderflow-processor#consumer-2",
    "topics":{"events":{"partitions":{"1":{"consumer_lag":3}}}}})");
  statistics.on_statistics(R"({"client_id":"orderflow-processor","name":"orderflow-processor#consumer-1",
    "topics":{"events":{"partitions":{"1":{"consumer_lag":5,"desired":false}}}}})");
  statistics.forget("orderflow-processor#consumer-1");
  const std::string text = metrics::render(registry);
  EXPECT_NE(text.find(R"(kafka_consumer_lag{client="orderflow-processor",partition="1",topic="events"} 3)"),
            std::string::npos)
      << text;
}

TEST(StatisticsMetrics, ADestroyedClientsSeriesAreRemovedAndNoOtherClients) {
  metrics::Registry registry;
  StatisticsMetrics statistics(registry);
  statistics.on_statistics(R"({"client_id":"orderflow-validator","name":"orderflow-validator#consumer-1","msg_cnt":2,
    "brokers":{"127.0.0.1:9092/1":{"nodeid":1,"rtt":{"avg":2500}}},
    "topics":{"events":{"partitions":{"0":{"consumer_lag":7}}}}})");
  statistics.on_statistics(R"({"client_id":"orderflow-validator","name":"orderflow-validator#producer-2","msg_cnt":9,
    "brokers":{"127.0.0.1:9092/1":{"nodeid":1,"rtt":{"avg":1000}}}})");
  statistics.forget("orderflow-validator#consumer-1");
  statistics.forget("never-seen");
  const std::string text = metrics::render(registry);
  EXPECT_EQ(text.find("consumer-1"), std::string::npos) << text;
  EXPECT_EQ(text.find("kafka_consumer_lag{"), std::string::npos) << text;
  EXPECT_NE(
      text.find(
          R"(kafka_client_queue_messages{client="orderflow-validator",handle="orderflow-validator#producer-2"} 9)"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(handle="orderflow-validator#producer-2"} 0.001)"), std::string::npos) << text;
}

TEST(StatisticsMetrics, AFieldOfAnotherTypeThanExpectedIsSkippedNotThrown) {
  metrics::Registry registry;
  StatisticsMetrics statistics(registry);
  EXPECT_NO_THROW(statistics.on_statistics(R"({"client_id":"orderflow-gateway","msg_cnt":"three"})"));
  EXPECT_NO_THROW(statistics.on_statistics(R"({"client_id":7,"brokers":[1,2]})"));
}

TEST(StatisticsMetrics, IgnoresWhatIsNotStatistics) {
  metrics::Registry registry;
  StatisticsMetrics statistics(registry);
  statistics.on_statistics("not json");
  statistics.on_statistics("[]");
  EXPECT_EQ(metrics::render(registry).find("kafka_consumer_lag{"), std::string::npos);
}

}  // namespace
}  // namespace orderflow::kafka
