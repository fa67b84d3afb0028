// Faults injected into the real stack under a steady keyed load. Each scenario drives the load
// through the gateway, injects its fault, recovers, drains, and checks one oracle (oracle.h):
// every event id answered 2xx is in PostgreSQL exactly once or in the dead letter queue with a
// reason, and no effect is applied twice. Each prints its tally.
#include <atomic>
#include <fstream>
#include <gtest/gtest.h>
#include <httplib.h>
#include <iostream>
#include <mutex>
#include <pqxx/pqxx>
#include <random>
#include <thread>
#include <unistd.h>

#include "orderflow/kafka/producer.h"
#include "orderflow/redis/redis_client.h"

#include "eventually.h"
#include "http_json.h"
#include "kafka_acls.h"
#include "kafka_probe.h"
#include "load_driver.h"
#include "offsets.h"
#include "oracle.h"
#include "pipeline.h"

namespace orderflow::testing {
namespace {

class Fault : public ::testing::Test {
 protected:
  void SetUp() override {
    static int counter = 0;
    run_ = "f" + std::to_string(getpid()) + "x" + std::to_string(++counter);
    // Small batches: more of them, so a kill lands in the middle of one more often.
    pipeline_ = std::make_unique<Pipeline>(
        shared_stack(), std::map<std::string, std::string>{
                            {"BATCH_MAX_EVENTS", "50"}, {"IDEMPOTENCY_LEASE_SECONDS", "2"}, {"LOG_LEVEL", "info"}});
    pipeline_->start();
    load_ = std::make_unique<LoadDriver>(pipeline_->gateway().http_port(), pipeline_->api_key(), run_);
    load_->start();
  }

  void TearDown() override {
    load_.reset();
    pipeline_.reset();
  }

  // Lets `count` more events be acknowledged, so the next fault hits a pipeline at work.
  void let_progress(std::size_t count = 200) {
    ASSERT_TRUE(load_->wait_for_more(count, std::chrono::seconds(60)))
        << "the load stalled at " << load_->acknowledged_count();
  }

  void restart(ServiceProcess& service) {
    service.start();
    service.wait_healthy();
  }

  // Stops the load, waits for the pipeline to settle, checks the oracle and prints the tally.
  Tally finish(const std::string& scenario, std::size_t expected_dead_letters = 0) {
    load_->stop();
    EXPECT_EQ(load_->abandoned(), 0u) << "requests the client gave up on";
    const Tally tally = Oracle(shared_stack().database_url()).settle(*load_);
    report_tally(tally.summary(scenario) + " (client retries " + std::to_string(load_->retries()) + ")");
    EXPECT_GT(tally.acknowledged, 0u);
    EXPECT_EQ(tally.lost, 0u);
    EXPECT_EQ(tally.duplicated, 0u);
    EXPECT_EQ(tally.dead_lettered, expected_dead_letters);
    for (const auto& [id, reason] : tally.dead_letter_reasons) EXPECT_FALSE(reason.empty()) << id;
    return tally;
  }

  std::string run_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<LoadDriver> load_;
};

TEST_F(Fault, ProcessorKilledMidBatchSeveralTimes) {
  for (int kill = 0; kill < 3; ++kill) {
    let_progress();
    pipeline_->processor().kill();
    restart(pipeline_->processor());
  }
  let_progress();
  finish("processor SIGKILL x3");
}

// The one ordering exactly-once rests on: offsets are committed only after the database commit.
// A random kill rarely lands between the two, so the window is held open: a second session locks
// the inbox, the processor's next batch (one statement, its transaction) waits on it (seen in
// pg_stat_activity), and the processor is killed there. Had it committed its offsets before the
// transaction, that batch would be lost.
TEST_F(Fault, ProcessorKilledWhileItsBatchTransactionIsHeld) {
  let_progress();
  {
    pqxx::connection locker(shared_stack().database_url());
    pqxx::work hold(locker);
    hold.exec("LOCK TABLE processed_events IN ACCESS EXCLUSIVE MODE");
    pqxx::connection observer(shared_stack().database_url());
    ASSERT_TRUE(eventually([&] {
      pqxx::nontransaction look(observer);
      return look.exec(
                     "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                     "AND query LIKE '%orderflow_apply_batch%' AND pid <> pg_backend_pid()")[0][0]
                 .as<long>() > 0;
    })) << "the processor never reached its transaction";
    pipeline_->processor().kill();
    hold.abort();
  }
  restart(pipeline_->processor());
  let_progress();
  finish("processor SIGKILL inside its transaction");
}

// Likewise for the validator: offsets move only after the forwarded events are acknowledged.
// Kafka is made to refuse the validator's writes to the validated topic (an ACL) while its fetches
// and offset commits go on: the validator holds a polled batch it cannot forward, and stops
// without committing it. Had it committed before forwarding, that batch would be lost.
TEST_F(Fault, ValidatorWhoseForwardsKafkaRefusesStopsWithoutCommitting) {
  let_progress();
  const auto brokers = shared_stack().kafka_brokers();
  refuse_writes(brokers, pipeline_->validated_topic(), true);
  const bool stopped = eventually([&] { return !pipeline_->validator().running(); }, std::chrono::seconds(60));
  refuse_writes(brokers, pipeline_->validated_topic(), false);
  ASSERT_TRUE(stopped) << "the validator went on although Kafka refused its forwards";
  restart(pipeline_->validator());
  let_progress();
  finish("validator stopped by refused forwards, restarted");
}

TEST_F(Fault, ValidatorKilledMidStream) {
  for (int kill = 0; kill < 2; ++kill) {
    let_progress();
    pipeline_->validator().kill();
    restart(pipeline_->validator());
  }
  let_progress();
  finish("validator SIGKILL x2");
}

// The risk stage killed mid-stream while orders flow beside the keyed load: every acknowledged
// order ends with exactly one assessment in PostgreSQL (none lost; none doubled, as a second
// assessment under another id would be; none dead-lettered), whatever the stage re-read after
// each kill.
TEST_F(Fault, RiskStageKilledMidStreamAssessesEveryOrderOnce) {
  std::atomic<bool> stop{false};
  std::mutex mutex;
  nlohmann::json orders = nlohmann::json::array();  // ids of acknowledged orders
  std::thread ordering([&] {
    auto gateway = pipeline_->gateway_client();
    for (int i = 0; !stop; ++i) {
      const std::string id = run_ + "-order-" + std::to_string(i);
      const auto answer = gateway.Post(
          "/orders",
          R"({"orderId":")" + id + R"(","userId":")" + run_ + "-user-" + std::to_string(i % 7) +
              R"(","totalAmount":10.00,"currency":"USD","items":[{"sku":"S","quantity":1,"price":10.00}]})",
          "application/json");
      if (answer && answer->status == 202) {
        std::lock_guard lock(mutex);
        orders.push_back(id);
      }
    }
  });
  for (int kill = 0; kill < 3; ++kill) {
    let_progress();
    pipeline_->risk().kill();
    restart(pipeline_->risk());
  }
  let_progress();
  stop = true;
  ordering.join();
  finish("risk SIGKILL x3 (inventory load)");

  std::size_t assessments = 0, assessed = 0;
  eventually(
      [&] {
        pqxx::connection connection(shared_stack().database_url());
        pqxx::read_transaction txn(connection);
        const auto row = txn.exec_params1(R"(
          SELECT count(*), count(DISTINCT subject_id) FROM risk_assessments
          WHERE subject_type = 'order' AND subject_id IN (SELECT jsonb_array_elements_text($1::jsonb)))",
                                          orders.dump());
        assessments = row[0].as<std::size_t>();
        assessed = row[1].as<std::size_t>();
        return assessed == orders.size();
      },
      std::chrono::seconds(120), std::chrono::milliseconds(250));
  report_tally("risk SIGKILL x3: orders acknowledged " + std::to_string(orders.size()) + " / assessed " +
               std::to_string(assessed) + " / lost " + std::to_string(orders.size() - assessed) + " / doubled " +
               std::to_string(assessments - assessed));
  EXPECT_GT(orders.size(), 0u);
  EXPECT_EQ(assessed, orders.size()) << "orders left without an assessment";
  EXPECT_EQ(assessments, assessed) << "orders assessed twice";
}

TEST_F(Fault, GatewayKilledAndRestartedWhileClientsRetryWithTheirKeys) {
  for (int kill = 0; kill < 2; ++kill) {
    let_progress();
    pipeline_->gateway().kill();
    restart(pipeline_->gateway());
  }
  let_progress();
  const auto tally = finish("gateway SIGKILL x2");
  EXPECT_GT(load_->retries(), 0u);
}

TEST_F(Fault, PostgresRestartedUnderLoad) {
  let_progress();
  shared_stack().kill("postgres");  // immediate shutdown: like a crash
  shared_stack().start("postgres");
  let_progress();
  finish("PostgreSQL restart");
}

TEST_F(Fault, RedisStoppedForAWhileThenBackOnceWithItsDataFlushed) {
  let_progress();
  shared_stack().kill("redis");
  let_progress(300);  // the pipeline goes on without it
  shared_stack().start("redis");
  let_progress();
  redis::RedisClient({shared_stack().redis_url()}).command({"FLUSHALL"});
  let_progress();
  finish("Redis down, then flushed");
}

TEST_F(Fault, KafkaBrokerRestartedUnderLoad) {
  let_progress();
  shared_stack().stop("kafka");
  shared_stack().start("kafka");
  let_progress();
  finish("Kafka restart");
}

TEST_F(Fault, PoisonWrittenStraightOntoTheTopicsIsDeadLetteredAndBlocksNothing) {
  let_progress();
  kafka::Producer producer({shared_stack().kafka_brokers(), "poisoner", {}}, {});
  std::mt19937 random(7);
  std::string bytes(256, '\0');
  for (auto& b : bytes) b = static_cast<char>(random());
  const std::string wrong_shape = R"({"hello":"world","eventType":42})";
  const std::string oversized = R"({"eventId":"big-)" + run_ +
                                R"(","eventType":"InventoryAdjusted","sku":"x","padding":")" +
                                std::string(700 * 1024, 'x') + R"("})";
  // Valid envelope on the validated topic, a body PostgreSQL refuses: isolated from its batch.
  const std::string refused =
      R"({"eventId":"refused-)" + run_ +
      R"(","eventType":"InventoryAdjusted","sku":"x","quantity":"lots","adjustmentType":"add"})";
  const std::vector<std::pair<std::string, std::string>> poison = {{pipeline_->raw_topic(), bytes},
                                                                   {pipeline_->raw_topic(), wrong_shape},
                                                                   {pipeline_->raw_topic(), oversized},
                                                                   {pipeline_->validated_topic(), bytes},
                                                                   {pipeline_->validated_topic(), refused}};
  for (const auto& [topic, value] : poison) ASSERT_TRUE(producer.produce_and_wait(topic, "poison", value).delivered);
  let_progress();

  TopicReader dead_letters(shared_stack().kafka_brokers(), pipeline_->dead_letter_topic());
  std::multiset<std::string> reasons;
  ASSERT_TRUE(eventually([&] {
    reasons.clear();
    for (const auto& m : dead_letters.read()) reasons.insert(header(m, "dlq.reason"));
    return reasons.size() >= poison.size();
  }));
  EXPECT_EQ(reasons, (std::multiset<std::string>{"not_json", "not_json", "invalid_envelope", "schema_violation",
                                                 "apply_failed"}));
  // Every one of them is also recorded for GET /events/{id}, whatever bytes it holds.
  ASSERT_TRUE(eventually([&] {
    pqxx::connection connection(shared_stack().database_url());
    return pqxx::read_transaction(connection)
               .exec_params("SELECT count(*) FROM dead_letters WHERE original_topic IN ($1, $2)",
                            pipeline_->raw_topic(), pipeline_->validated_topic())[0][0]
               .as<long>() >= static_cast<long>(poison.size());
  }));
  finish("poison on the topics");
}

TEST_F(Fault, ReplayingTheWholeTopicChangesNothing) {
  let_progress(1000);
  const auto settled = finish("replay: before");

  auto snapshot = [&] {
    pqxx::connection connection(shared_stack().database_url());
    pqxx::read_transaction txn(connection);
    return txn
        .exec_params(
            "SELECT (SELECT count(*) FROM processed_events)::text || '/' || "
            "(SELECT coalesce(string_agg(sku || '=' || quantity, ',' ORDER BY sku), '') FROM inventory "
            " WHERE sku LIKE $1)",
            run_ + "%")[0][0]
        .as<std::string>();
  };
  const std::string before = snapshot();
  const auto brokers = shared_stack().kafka_brokers();
  const auto group = pipeline_->group("processor");
  ASSERT_EQ(pipeline_->processor().terminate(), 0);
  reset_group_to_earliest(brokers, group, pipeline_->validated_topic());
  ASSERT_GE(group_lag(brokers, group, pipeline_->validated_topic()), static_cast<long long>(settled.acknowledged));
  restart(pipeline_->processor());
  ASSERT_TRUE(eventually([&] { return group_lag(brokers, group, pipeline_->validated_topic()) == 0; },
                         std::chrono::seconds(120)));
  EXPECT_EQ(snapshot(), before);
  report_tally("replay: " + std::to_string(settled.acknowledged) +
               " events re-consumed from the earliest offset, database unchanged");
}

TEST_F(Fault, TheSameEventIdWithTwoPayloadsIsAppliedOnceAndTheOtherIsAConflict) {
  let_progress();
  httplib::Client gateway = pipeline_->gateway_client();
  const std::string sku = run_ + "-conflict";
  auto adjustment = [&](int quantity) {
    return R"({"eventId":"same-)" + run_ +
           R"(","eventType":"InventoryAdjusted","timestamp":"2025-10-20T10:00:00Z","sku":")" + sku +
           R"(","quantity":)" + std::to_string(quantity) +
           R"(,"adjustmentType":"add","adjustedAt":"2025-10-20T10:00:00Z"})";
  };
  ASSERT_EQ(gateway.Post("/events", adjustment(5), "application/json")->status, 202);
  ASSERT_EQ(gateway.Post("/events", adjustment(7), "application/json")->status, 202);

  // The dead letter topic is the durable record of the refused payload.
  TopicReader dead_letters(shared_stack().kafka_brokers(), pipeline_->dead_letter_topic());
  ASSERT_TRUE(eventually([&] {
    for (const auto& m : dead_letters.read()) {
      if (header(m, "dlq.reason") == "conflict" && m.value.find("same-" + run_) != std::string::npos) return true;
    }
    return false;
  }));
  httplib::Client read_api("127.0.0.1", pipeline_->read_api().http_port());
  EXPECT_EQ((*get_when_present(read_api, "/inventory/" + sku))["quantity"], 5);
  EXPECT_EQ((*get_when_present(read_api, "/events/same-" + run_))["status"], "persisted");
  finish("same event id, two payloads");
}

}  // namespace
}  // namespace orderflow::testing
