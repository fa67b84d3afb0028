// The Kafka wrappers against a real broker: delivery reports, and offsets that move only on commit.
#include <future>
#include <gtest/gtest.h>
#include <thread>
#include <unistd.h>

#include "orderflow/common/shutdown.h"
#include "orderflow/kafka/consumer.h"
#include "orderflow/kafka/producer.h"
#include "orderflow/kafka/statistics.h"
#include "orderflow/kafka/topics.h"
#include "orderflow/metrics/metrics.h"

#include "test_stack.h"

namespace orderflow::testing {
namespace {

std::string unique(const std::string& what) {
  static int counter = 0;
  return what + "-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

kafka::ClientConfig config() {
  return {shared_stack().kafka_brokers(), "integration-test", {}};
}

std::vector<kafka::Message> read_all(kafka::Consumer& consumer, std::size_t expected) {
  std::vector<kafka::Message> out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (out.size() < expected && std::chrono::steady_clock::now() < deadline) {
    for (auto& m : consumer.poll_batch(expected - out.size(), std::chrono::milliseconds(200))) out.push_back(m);
  }
  return out;
}

TEST(KafkaClients, DeliveredMessagesArriveWithKeyValueAndHeaders) {
  const std::string topic = unique("roundtrip");
  kafka::ensure_topics(config(), {{topic, 3, 1}}, std::chrono::seconds(10));
  kafka::Producer producer(config(), {});
  const auto report = producer.produce_and_wait(topic, "key-1", "value-1", {{"eventType", "OrderPlaced"}});
  ASSERT_TRUE(report.delivered) << report.error;
  EXPECT_GE(report.offset, 0);

  kafka::Consumer consumer(config(), {unique("group"), {topic}});
  const auto messages = read_all(consumer, 1);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].key, "key-1");
  EXPECT_EQ(messages[0].value, "value-1");
  ASSERT_EQ(messages[0].headers.size(), 1u);
  EXPECT_EQ(messages[0].headers[0].second, "OrderPlaced");
}

TEST(KafkaClients, UncommittedMessagesAreRedeliveredToTheNextMemberOfTheGroup) {
  const std::string topic = unique("commits");
  const std::string group = unique("group");
  kafka::ensure_topics(config(), {{topic, 1, 1}}, std::chrono::seconds(10));
  kafka::Producer producer(config(), {});
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(producer.produce_and_wait(topic, "k", std::to_string(i)).delivered);

  {
    kafka::Consumer first(config(), {group, {topic}});
    auto messages = read_all(first, 10);
    ASSERT_EQ(messages.size(), 10u);
    messages.resize(4);  // only the first four are "done"
    first.commit(messages);
  }
  kafka::Consumer second(config(), {group, {topic}});
  const auto redelivered = read_all(second, 6);
  ASSERT_EQ(redelivered.size(), 6u);
  EXPECT_EQ(redelivered.front().value, "4");
  EXPECT_EQ(redelivered.back().value, "9");
}

// A member handled messages but had not committed them yet (commits are joined): when a new member
// joins, the rebalance inside its next poll lets it commit them before the partition can move, so
// whoever owns the partition next starts after them instead of reading them again.
TEST(KafkaClients, BeforeARebalanceTakesItsPartitionsAMemberCommitsWhatItHandled) {
  const std::string topic = unique("revoke");
  const std::string group = unique("group");
  kafka::ensure_topics(config(), {{topic, 1, 1}}, std::chrono::seconds(10));
  kafka::Producer producer(config(), {});
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(producer.produce_and_wait(topic, "k", std::to_string(i)).delivered);

  kafka::Consumer first(config(), {group, {topic}});
  const auto handled = read_all(first, 10);
  ASSERT_EQ(handled.size(), 10u);
  int revocations = 0;
  first.on_partitions_revoked([&](bool lost) {
    EXPECT_FALSE(lost) << "a member that leaves a rebalance in time has not lost its partitions";
    ++revocations;
    first.commit_and_wait(handled);
  });

  kafka::Consumer second(config(), {group, {topic}});
  std::vector<kafka::Message> after;  // what either member reads once the second has joined
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while ((revocations == 0 || *first.assigned_partitions() + *second.assigned_partitions() == 0) &&
         std::chrono::steady_clock::now() < deadline) {
    for (auto* member : {&first, &second}) {
      for (auto& m : member->poll_batch(100, std::chrono::milliseconds(100))) after.push_back(m);
    }
  }
  ASSERT_GE(revocations, 1) << "the first member's partition was never revoked";
  for (int i = 10; i < 15; ++i) ASSERT_TRUE(producer.produce_and_wait(topic, "k", std::to_string(i)).delivered);
  while (after.size() < 5 && std::chrono::steady_clock::now() < deadline) {
    for (auto* member : {&first, &second}) {
      for (auto& m : member->poll_batch(100, std::chrono::milliseconds(100))) after.push_back(m);
    }
  }
  first.on_partitions_revoked({});
  std::vector<std::string> values;
  for (const auto& m : after) values.push_back(m.value);
  EXPECT_EQ(values, (std::vector<std::string>{"10", "11", "12", "13", "14"}));
}

// A service started before its cluster can take requests (brokers still starting, a controller
// still being elected) waits for it instead of exiting, and still stops when asked to.
TEST(KafkaClients, AClientsStatisticsSeriesGoWhenTheClientIsDestroyed) {
  metrics::Registry registry;
  kafka::StatisticsMetrics statistics(registry);
  kafka::ClientConfig with_statistics = config();
  with_statistics.statistics = &statistics;
  with_statistics.statistics_interval_ms = 100;
  const auto series_of = [&](const std::string& handle) {
    return metrics::render(registry).find("handle=\"" + handle + "\"") != std::string::npos;
  };
  std::string handle;
  {
    kafka::Producer producer(with_statistics, {});
    handle = producer.name();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!series_of(handle) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polled until librdkafka reports
    }
    ASSERT_TRUE(series_of(handle)) << metrics::render(registry);
  }
  EXPECT_FALSE(series_of(handle)) << metrics::render(registry);
}

TEST(KafkaClients, AServiceWaitsToCreateItsTopicsUntilTheClusterAnswersOrItIsStopped) {
  ShutdownSignal shutdown;
  const kafka::ClientConfig unreachable{"127.0.0.1:" + std::to_string(free_port()), "unreachable", {}};
  auto waiting = std::async(std::launch::async, [&] {
    return kafka::ensure_topics_when_available(unreachable, {{unique("later"), 1, 1}}, shutdown);
  });
  EXPECT_EQ(waiting.wait_for(std::chrono::seconds(2)), std::future_status::timeout)
      << "gave up on a cluster that may yet come up";
  shutdown.request();
  ASSERT_EQ(waiting.wait_for(std::chrono::seconds(15)), std::future_status::ready);
  EXPECT_FALSE(waiting.get());
}

TEST(KafkaClients, AnUnreachableBrokerIsReportedAsRetriableWithinTheDeliveryTimeout) {
  kafka::ProducerOptions options;
  options.delivery_timeout = std::chrono::milliseconds(1000);
  options.close_timeout = std::chrono::milliseconds(100);
  kafka::Producer producer({"127.0.0.1:" + std::to_string(free_port()), "unreachable", {}}, options);
  const auto started = std::chrono::steady_clock::now();
  const auto report = producer.produce_and_wait("anything", "k", "v");
  EXPECT_FALSE(report.delivered);
  EXPECT_TRUE(report.retriable) << report.error;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST(KafkaClients, CreatingExistingTopicsIsHarmless) {
  const std::string topic = unique("existing");
  kafka::ensure_topics(config(), {{topic, 2, 1}}, std::chrono::seconds(10));
  EXPECT_NO_THROW(kafka::ensure_topics(config(), {{topic, 2, 1}}, std::chrono::seconds(10)));
}

}  // namespace
}  // namespace orderflow::testing
