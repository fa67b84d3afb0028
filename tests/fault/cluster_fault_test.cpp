// The deployment users grow into: three Kafka brokers (replication factor 3,
// min.insync.replicas=2), three processors and two validators in their consumer groups, under the
// keyed load of the fault scenarios. A broker is killed, then a processor, then a validator; then
// all three come back. The oracle is the fault scenarios' own (oracle.h): every event id answered
// 2xx is in PostgreSQL exactly once, nothing lost, nothing applied twice. The consumer groups, as
// the brokers describe them, show the dead members' partitions taken over by the survivors.
#include <gtest/gtest.h>
#include <memory>
#include <set>
#include <unistd.h>

#include "eventually.h"
#include "load_driver.h"
#include "offsets.h"
#include "oracle.h"
#include "pipeline.h"

namespace orderflow::testing {
namespace {

constexpr int kPartitions = 6;

// What the brokers say the group looks like, for the tally and for failure messages.
std::string describe(const GroupState& group) {
  std::string text = group.state + ":";
  for (const auto& [member, partitions] : group.partitions_by_member) {
    text += " [";
    for (std::size_t i = 0; i < partitions.size(); ++i) text += (i ? "," : "") + std::to_string(partitions[i]);
    text += "]";
  }
  return text;
}

// Stable, with exactly `members` members, each holding partitions, together all of them once.
bool spread_over(const GroupState& group, std::size_t members) {
  if (group.state != "Stable" || group.partitions_by_member.size() != members) return false;
  std::multiset<int> all;
  for (const auto& [member, partitions] : group.partitions_by_member) {
    if (partitions.empty()) return false;
    all.insert(partitions.begin(), partitions.end());
  }
  if (all.size() != kPartitions) return false;
  for (int p = 0; p < kPartitions; ++p) {
    if (all.count(p) != 1) return false;
  }
  return true;
}

class ClusterFault : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = std::make_unique<TestStack>(TestStack::Options{.brokers = 3});
    // One consumer per processor and validator process, so that the groups' members are the processes.
    pipeline_ = std::make_unique<Pipeline>(
        *stack_, std::map<std::string, std::string>{{"TOPIC_PARTITIONS", std::to_string(kPartitions)},
                                                    {"PROCESSOR_CONSUMERS", "1"},
                                                    {"VALIDATOR_CONSUMERS", "1"},
                                                    {"BATCH_MAX_EVENTS", "50"},
                                                    {"IDEMPOTENCY_LEASE_SECONDS", "2"},
                                                    {"LOG_LEVEL", "info"}});
    pipeline_->start();
    for (int i = 0; i < 2; ++i) processors_.push_back(second_instance("processor"));
    validators_.push_back(second_instance("validator"));
    load_ = std::make_unique<LoadDriver>(pipeline_->gateway().http_port(), pipeline_->api_key(),
                                         "c" + std::to_string(getpid()));
    load_->start();
  }

  void TearDown() override {
    load_.reset();
    processors_.clear();
    validators_.clear();
    pipeline_.reset();
    stack_.reset();
  }

  // Another process of `service` in the pipeline's group for it.
  std::unique_ptr<ServiceProcess> second_instance(const std::string& service) {
    auto env = pipeline_->env();
    env["CONSUMER_GROUP"] = pipeline_->group(service);
    auto process = std::make_unique<ServiceProcess>(service, env);
    process->start();
    process->wait_ready();
    return process;
  }

  void let_progress(std::size_t count = 300) {
    ASSERT_TRUE(load_->wait_for_more(count, std::chrono::seconds(90)))
        << "the load stalled at " << load_->acknowledged_count();
  }

  // Waits until the group of `service` has `members` members sharing all partitions; returns its
  // description.
  std::string expect_spread(const std::string& service, std::size_t members) {
    const auto topic = service == "validator" ? pipeline_->raw_topic() : pipeline_->validated_topic();
    GroupState group;
    const bool spread = eventually(
        [&] {
          group = describe_group(stack_->kafka_brokers(), pipeline_->group(service), topic);
          return spread_over(group, members);
        },
        std::chrono::seconds(60));
    EXPECT_TRUE(spread) << service << " group: " << describe(group);
    return describe(group);
  }

  std::unique_ptr<TestStack> stack_;
  std::unique_ptr<Pipeline> pipeline_;
  std::vector<std::unique_ptr<ServiceProcess>> processors_, validators_;  // beside the pipeline's own
  std::unique_ptr<LoadDriver> load_;
};

TEST_F(ClusterFault, ABrokerAProcessorAndAValidatorKilledThenRestartedLoseAndDoubleNothing) {
  let_progress();
  const auto processors_before = expect_spread("processor", 3);
  const auto validators_before = expect_spread("validator", 2);

  stack_->kill("kafka-2");
  let_progress();  // two of three replicas in sync: acks=all writes go on

  processors_[0]->kill();
  let_progress();
  const auto processors_after_kill = expect_spread("processor", 2);

  validators_[0]->kill();
  let_progress();
  const auto validators_after_kill = expect_spread("validator", 1);

  stack_->start("kafka-2");
  processors_[0]->start();
  validators_[0]->start();
  processors_[0]->wait_ready();
  validators_[0]->wait_ready();
  let_progress();
  const auto processors_back = expect_spread("processor", 3);
  const auto validators_back = expect_spread("validator", 2);

  load_->stop();
  EXPECT_EQ(load_->abandoned(), 0u) << "requests the client gave up on";
  const Tally tally = Oracle(stack_->database_url()).settle(*load_);
  report_tally(tally.summary("3 brokers: broker, processor, validator SIGKILL, restarted") + " (client retries " +
               std::to_string(load_->retries()) + ")");
  report_tally("  processor group: " + processors_before + " -> " + processors_after_kill + " -> " + processors_back);
  report_tally("  validator group: " + validators_before + " -> " + validators_after_kill + " -> " + validators_back);
  EXPECT_GT(tally.acknowledged, 0u);
  EXPECT_EQ(tally.lost, 0u);
  EXPECT_EQ(tally.duplicated, 0u);
  EXPECT_EQ(tally.dead_lettered, 0u);
}

}  // namespace
}  // namespace orderflow::testing
