// The one decision every consumer makes — retry, isolate and dead-letter, or stop — tested with
// in-memory fakes of the source, the handler and the dead letter sink.
#include "orderflow/kafka/batch_stage.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <gtest/gtest.h>
#include <new>
#include <set>

#include "orderflow/common/failure.h"
#include "orderflow/kafka/client_config.h"

namespace orderflow::kafka {
namespace {

Message message(std::int64_t offset, std::string value = "ok") {
  Message m;
  m.topic = "t";
  m.partition = 0;
  m.offset = offset;
  m.value = std::move(value);
  return m;
}

// What happened, in order, across the fakes: "handled 2", "committed 2".
std::vector<std::string> journal;

// An empty batch in `batches` is a poll that found nothing; once they are all polled, the source
// asks the stage to shut down.
struct FakeSource : MessageSource {
  std::deque<std::vector<Message>> batches;
  std::vector<std::int64_t> committed;                                      // the last offset of each commit
  std::vector<std::vector<std::pair<std::int32_t, std::int64_t>>> commits;  // (partition, offset) of each
  ShutdownSignal* stop_when_empty = nullptr;
  RevokeHandler on_revoke;
  std::set<int> revoke_at_polls;  // polls (from 1) inside which the group revokes the partitions
  bool revocations_lost = false;  // whether those revocations are losses (the session timed out)
  int polls = 0;

  std::vector<Message> poll_batch(std::size_t, std::chrono::milliseconds) override {
    if (revoke_at_polls.contains(++polls) && on_revoke) {
      journal.push_back(revocations_lost ? "lost" : "revoked");
      on_revoke(revocations_lost);
    }
    if (batches.empty()) {
      if (stop_when_empty) stop_when_empty->request();
      return {};
    }
    auto batch = std::move(batches.front());
    batches.pop_front();
    return batch;
  }
  void commit(const std::vector<Message>& done) override {
    committed.push_back(done.back().offset);
    commits.emplace_back();
    for (const auto& m : done) commits.back().emplace_back(m.partition, m.offset);
    journal.push_back("committed " + std::to_string(done.back().offset));
  }
  void commit_and_wait(const std::vector<Message>& done) override {
    commit(done);
    journal.back() += " and waited";
  }
  void on_partitions_revoked(RevokeHandler handler) override { on_revoke = std::move(handler); }
};

// Handles a batch by running `rule` on each message; records what was handled, batch by batch.
struct FakeHandler : BatchHandler {
  std::function<void(const Message&)> rule = [](const Message&) {};
  std::vector<std::vector<std::int64_t>> handled;
  int calls = 0;
  void handle(const std::vector<Message>& batch) override {
    ++calls;
    for (const auto& m : batch) rule(m);
    std::vector<std::int64_t> offsets;
    for (const auto& m : batch) offsets.push_back(m.offset);
    handled.push_back(offsets);
    journal.push_back("handled " + std::to_string(batch.back().offset));
  }
  std::set<std::int64_t> all_handled() const {
    std::set<std::int64_t> out;
    for (const auto& b : handled) out.insert(b.begin(), b.end());
    return out;
  }
};

struct FakeDeadLetters : dead_letters::DeadLetterSink {
  std::vector<dead_letters::DeadLetter> sent;
  int failures_left = 0;
  void send_all(const std::vector<dead_letters::DeadLetter>& letters) override {
    if (failures_left > 0) {
      --failures_left;
      throw KafkaError("broker down", true);
    }
    sent.insert(sent.end(), letters.begin(), letters.end());
  }
};

// Work a FakePipelined started: never settled before the stage waits for it; failing when told to.
struct FakePending : Pending {
  FakePending(std::int64_t last_offset, bool fails) : last_offset(last_offset), fails(fails) {}
  std::int64_t last_offset;
  bool fails;
  bool settled() const override { return false; }  // the stage waits for it when it must
  void wait() override {
    journal.push_back("acknowledged " + std::to_string(last_offset));
    if (fails) throw KafkaError("Local: Message timed out", true);
  }
};

// Starts every batch except those ending at an offset in `not_started`; the result of those in
// `failing` fails.
struct FakePipelined : PipelinedHandler {
  std::set<std::int64_t> not_started;
  std::set<std::int64_t> failing;
  std::unique_ptr<Pending> start(const std::vector<Message>& batch) override {
    const auto last = batch.back().offset;
    if (not_started.contains(last)) return nullptr;
    journal.push_back("started " + std::to_string(last));
    return std::make_unique<FakePending>(last, failing.contains(last));
  }
};

class BatchStageTest : public ::testing::Test {
 protected:
  void SetUp() override { journal.clear(); }
  static StageOptions options() {
    StageOptions options{.name = "test"};
    options.first_backoff = std::chrono::milliseconds(1);
    options.max_backoff = std::chrono::milliseconds(2);
    options.commit_interval = std::chrono::milliseconds(0);  // each batch committed on its own
    return options;
  }
  BatchStage stage(dead_letters::DeadLetterSink* sink, StageOptions options = BatchStageTest::options(),
                   PipelinedHandler* pipelined = nullptr) {
    return BatchStage(source_, handler_, sink, options, registry_, pipelined);
  }
  void run(BatchStage& s) {
    source_.stop_when_empty = &shutdown_;
    s.run(shutdown_);
  }

  FakeSource source_;
  FakeHandler handler_;
  FakeDeadLetters dead_letters_;
  metrics::Registry registry_;
  ShutdownSignal shutdown_;
};

TEST_F(BatchStageTest, ABatchIsCommittedOnlyAfterItWasHandled) {
  source_.batches = {{message(1), message(2)}, {message(3)}};
  auto s = stage(&dead_letters_);
  run(s);
  EXPECT_EQ(handler_.handled, (std::vector<std::vector<std::int64_t>>{{1, 2}, {3}}));
  EXPECT_EQ(journal, (std::vector<std::string>{"handled 2", "committed 2", "handled 3", "committed 3"}));
}

TEST_F(BatchStageTest, AnUnavailableDependencyRetriesTheSameBatchAndNeverDeadLetters) {
  int failures = 3;
  handler_.rule = [&](const Message&) {
    if (failures > 0) {
      --failures;
      throw Unavailable("database down");
    }
  };
  source_.batches = {{message(1), message(2)}};
  auto s = stage(&dead_letters_);
  run(s);
  EXPECT_EQ(handler_.calls, 4);
  EXPECT_TRUE(dead_letters_.sent.empty());
  EXPECT_EQ(source_.committed, (std::vector<std::int64_t>{2}));
}

TEST_F(BatchStageTest, APoisonMessageIsIsolatedAndDeadLetteredWhileTheRestIsHandled) {
  handler_.rule = [](const Message& m) {
    if (m.value == "poison") throw MessageRefused("apply_failed", "value out of range");
  };
  source_.batches = {{message(1), message(2), message(3, "poison"), message(4), message(5)}};
  auto s = stage(&dead_letters_);
  run(s);
  ASSERT_EQ(dead_letters_.sent.size(), 1u);
  EXPECT_EQ(dead_letters_.sent[0].original.offset, 3);
  EXPECT_EQ(dead_letters_.sent[0].reason, "apply_failed");
  EXPECT_EQ(dead_letters_.sent[0].stage, "test");
  EXPECT_EQ(handler_.all_handled(), (std::set<std::int64_t>{1, 2, 4, 5}));
  EXPECT_EQ(source_.committed, (std::vector<std::int64_t>{5}));
}

TEST_F(BatchStageTest, AnythingUnexpectedIsAnInternalErrorOfThatMessageWithItsCauseCut) {
  handler_.rule = [](const Message& m) {
    if (m.value == "bug") throw std::out_of_range(std::string(100'000, 'x'));
  };
  source_.batches = {{message(1), message(2, "bug")}};
  auto s = stage(&dead_letters_);
  run(s);
  ASSERT_EQ(dead_letters_.sent.size(), 1u);
  EXPECT_EQ(dead_letters_.sent[0].reason, "internal_error");
  EXPECT_LE(dead_letters_.sent[0].error.size(), dead_letters::kMaxErrorBytes);
  EXPECT_EQ(handler_.all_handled(), (std::set<std::int64_t>{1}));
}

TEST_F(BatchStageTest, AMessageTheBrokerRefusesIsDeadLettered) {
  handler_.rule = [](const Message& m) {
    if (m.value == "huge") throw KafkaError("Broker: Message size too large", false, true);
  };
  source_.batches = {{message(1, "huge"), message(2)}};
  auto s = stage(&dead_letters_);
  run(s);
  ASSERT_EQ(dead_letters_.sent.size(), 1u);
  EXPECT_EQ(dead_letters_.sent[0].original.offset, 1);
  EXPECT_EQ(source_.committed, (std::vector<std::int64_t>{2}));
}

TEST_F(BatchStageTest, AKafkaFailureOfTheClientItselfStopsWithoutCommitting) {
  handler_.rule = [](const Message&) { throw KafkaError("Local: Fatal error", false, false); };
  source_.batches = {{message(3)}};
  auto s = stage(&dead_letters_);
  EXPECT_THROW(run(s), KafkaError);
  EXPECT_TRUE(source_.committed.empty());
  EXPECT_TRUE(dead_letters_.sent.empty());
}

TEST_F(BatchStageTest, OutOfMemoryStopsWithoutCommitting) {
  handler_.rule = [](const Message&) { throw std::bad_alloc(); };
  source_.batches = {{message(1)}};
  auto s = stage(&dead_letters_);
  EXPECT_THROW(run(s), std::bad_alloc);
  EXPECT_TRUE(source_.committed.empty());
  EXPECT_TRUE(dead_letters_.sent.empty());
}

TEST_F(BatchStageTest, AnUnwritableDeadLetterIsRetriedNotDropped) {
  handler_.rule = [](const Message& m) {
    if (m.value == "poison") throw MessageRefused("conflict", "no");
  };
  dead_letters_.failures_left = 2;
  source_.batches = {{message(1, "poison")}};
  auto s = stage(&dead_letters_);
  run(s);
  EXPECT_EQ(dead_letters_.sent.size(), 1u);
  EXPECT_EQ(source_.committed, (std::vector<std::int64_t>{1}));
}

TEST_F(BatchStageTest, ADeadLetterRefusedForItsOwnSizeIsSkippedNotFatal) {
  struct RefusingSink : dead_letters::DeadLetterSink {
    void send_all(const std::vector<dead_letters::DeadLetter>&) override {
      throw KafkaError("Broker: Message size too large", false, true);
    }
  } refusing;
  handler_.rule = [](const Message& m) {
    if (m.value == "poison") throw MessageRefused("apply_failed", "no");
  };
  source_.batches = {{message(1), message(2, "poison")}};
  auto s = stage(&refusing);
  run(s);
  EXPECT_EQ(handler_.all_handled(), (std::set<std::int64_t>{1}));
  EXPECT_EQ(source_.committed, (std::vector<std::int64_t>{2}));
}

TEST_F(BatchStageTest, WithoutASinkAPoisonMessageIsSkippedAndCountedAndTheRestIsHandled) {
  handler_.rule = [](const Message& m) {
    if (m.value == "poison") throw std::runtime_error("index row too large");
  };
  source_.batches = {{message(1), message(2, "poison"), message(3)}};
  auto s = stage(nullptr);
  run(s);
  EXPECT_EQ(handler_.all_handled(), (std::set<std::int64_t>{1, 3}));
  EXPECT_EQ(source_.committed, (std::vector<std::int64_t>{3}));
}

TEST_F(BatchStageTest, ShutdownDuringRetriesLeavesTheBatchUncommitted) {
  handler_.rule = [&](const Message&) {
    shutdown_.request();
    throw Unavailable("down");
  };
  source_.batches = {{message(1)}};
  auto s = stage(&dead_letters_);
  s.run(shutdown_);
  EXPECT_TRUE(source_.committed.empty());
}

TEST_F(BatchStageTest, BatchesHandledCloseTogetherAreCommittedTogetherWhenNothingNewArrives) {
  auto options = BatchStageTest::options();
  options.commit_interval = std::chrono::hours(1);
  Message other_partition = message(7);
  other_partition.partition = 1;
  source_.batches = {{message(1)}, {message(2), other_partition}, {message(3)}, {}, {message(4)}};
  auto s = stage(&dead_letters_, options);
  run(s);
  // The first commit is due at once; the next two batches wait for the poll that finds nothing.
  using Commit = std::vector<std::pair<std::int32_t, std::int64_t>>;
  EXPECT_EQ(source_.commits, (std::vector<Commit>{{{0, 1}}, {{0, 3}, {1, 7}}, {{0, 4}}}));
  EXPECT_EQ(handler_.all_handled(), (std::set<std::int64_t>{1, 2, 3, 4, 7}));
}

TEST_F(BatchStageTest, PipelinedBatchesAreStartedBackToBackAndCommittedInOrderOnceAcknowledged) {
  FakePipelined pipelined;
  auto options = BatchStageTest::options();
  options.max_batches_in_flight = 2;
  source_.batches = {{message(1), message(2)}, {message(3)}, {message(4)}};
  auto s = stage(&dead_letters_, options, &pipelined);
  run(s);
  // Two in flight at most: the third waits for the first's acknowledgement.
  EXPECT_EQ(journal, (std::vector<std::string>{"started 2", "started 3", "acknowledged 2", "committed 2", "started 4",
                                               "acknowledged 3", "committed 3", "acknowledged 4", "committed 4"}));
  EXPECT_TRUE(handler_.handled.empty());
}

TEST_F(BatchStageTest, AStartedBatchThatFailsIsHandledAgainInFullBeforeAnyLaterOneIsCommitted) {
  FakePipelined pipelined;
  pipelined.failing = {2};
  auto options = BatchStageTest::options();
  options.max_batches_in_flight = 2;
  source_.batches = {{message(1), message(2)}, {message(3)}, {message(4)}};
  auto s = stage(&dead_letters_, options, &pipelined);
  run(s);
  EXPECT_EQ(journal,
            (std::vector<std::string>{"started 2", "started 3", "acknowledged 2", "handled 2", "committed 2",
                                      "started 4", "acknowledged 3", "committed 3", "acknowledged 4", "committed 4"}));
  EXPECT_EQ(source_.committed, (std::vector<std::int64_t>{2, 3, 4}));
}

TEST_F(BatchStageTest, AtShutdownAStartedBatchThatFailedIsLeftToTheNextOwnerNotRetried) {
  FakePipelined pipelined;
  pipelined.failing = {2};
  source_.batches = {{message(1), message(2)}, {message(3)}};
  auto s = stage(&dead_letters_, BatchStageTest::options(), &pipelined);
  run(s);  // the source asks for shutdown once it is empty, before the stage waits for batch 2
  EXPECT_EQ(journal, (std::vector<std::string>{"started 2", "started 3", "acknowledged 2"}));
  EXPECT_TRUE(source_.committed.empty());
  EXPECT_TRUE(handler_.handled.empty());
}

TEST_F(BatchStageTest, ABatchThatCannotBeStartedIsHandledAfterEveryBatchBeforeIt) {
  FakePipelined pipelined;
  pipelined.not_started = {3};
  source_.batches = {{message(1), message(2)}, {message(3)}, {message(4)}};
  auto s = stage(&dead_letters_, BatchStageTest::options(), &pipelined);
  run(s);
  EXPECT_EQ(journal, (std::vector<std::string>{"started 2", "acknowledged 2", "committed 2", "handled 3", "committed 3",
                                               "started 4", "acknowledged 4", "committed 4"}));
}

TEST_F(BatchStageTest, AStartedBatchFailingForTheClientItselfStopsWithEarlierBatchesCommittedAndNotItself) {
  struct FatalPending : Pending {
    bool settled() const override { return true; }
    void wait() override { throw KafkaError("Local: Fatal error", false, false); }
  };
  struct FailsSecond : PipelinedHandler {
    int started = 0;
    std::unique_ptr<Pending> start(const std::vector<Message>& batch) override {
      if (++started == 2) return std::make_unique<FatalPending>();
      return std::make_unique<FakePending>(batch.back().offset, false);
    }
  } pipelined;
  source_.batches = {{message(1)}, {message(2)}, {message(3)}};
  auto s = stage(&dead_letters_, BatchStageTest::options(), &pipelined);
  EXPECT_THROW(run(s), KafkaError);
  EXPECT_EQ(source_.committed, (std::vector<std::int64_t>{1}));
}

TEST_F(BatchStageTest, BeforePartitionsAreRevokedTheHandledBatchesAreCommittedAndTheCommitAwaited) {
  auto options = BatchStageTest::options();
  options.commit_interval = std::chrono::hours(1);
  source_.batches = {{message(1)}, {message(2)}, {message(3)}};
  source_.revoke_at_polls = {3};
  auto s = stage(&dead_letters_, options);
  run(s);
  EXPECT_EQ(journal, (std::vector<std::string>{"handled 1", "committed 1", "handled 2", "revoked",
                                               "committed 2 and waited", "handled 3", "committed 3"}));
  EXPECT_FALSE(source_.on_revoke) << "the handler is removed when the stage stops";
}

TEST_F(BatchStageTest, PartitionsRevokedWithBatchesInFlightWaitForTheirAcknowledgementsAndCommitThem) {
  FakePipelined pipelined;
  auto options = BatchStageTest::options();
  options.commit_interval = std::chrono::hours(1);
  source_.batches = {{message(1), message(2)}, {message(3)}, {message(10)}};
  source_.revoke_at_polls = {3};
  auto s = stage(&dead_letters_, options, &pipelined);
  run(s);
  EXPECT_EQ(journal, (std::vector<std::string>{"started 2", "started 3", "revoked", "acknowledged 2", "committed 2",
                                               "acknowledged 3", "committed 3 and waited", "started 10",
                                               "acknowledged 10", "committed 10"}));
}

TEST_F(BatchStageTest, PartitionsRevokedWhileAStartedBatchFailedAreLeftUncommittedFromThatBatchOn) {
  FakePipelined pipelined;
  pipelined.failing = {3};
  auto options = BatchStageTest::options();
  options.commit_interval = std::chrono::hours(1);
  source_.batches = {{message(1), message(2)}, {message(3)}, {message(4)}, {message(10)}};
  source_.revoke_at_polls = {4};
  auto s = stage(&dead_letters_, options, &pipelined);
  run(s);
  // Batch 4 was acknowledged, but 3 before it failed: neither is committed, no retry holds up the
  // rebalance, and their partitions' next owner reads them again.
  EXPECT_EQ(journal,
            (std::vector<std::string>{"started 2", "started 3", "started 4", "revoked", "acknowledged 2", "committed 2",
                                      "acknowledged 3", "started 10", "acknowledged 10", "committed 10"}));
  EXPECT_TRUE(handler_.handled.empty());
}

// Lost partitions (the member was dropped from the group) may be another's already: the stage
// neither waits for what it started nor commits what it finished; the next owner reads it again.
TEST_F(BatchStageTest, PartitionsLostAreLetGoWithoutWaitingOrCommitting) {
  FakePipelined pipelined;
  auto options = BatchStageTest::options();
  options.commit_interval = std::chrono::hours(1);
  // After the loss the member rejoins and is given the partition again, from its committed offset.
  source_.batches = {{message(1), message(2)}, {message(3)}, {message(1), message(2), message(3)}};
  source_.revoke_at_polls = {3};
  source_.revocations_lost = true;
  auto s = stage(&dead_letters_, options, &pipelined);
  run(s);
  EXPECT_EQ(journal,
            (std::vector<std::string>{"started 2", "started 3", "lost", "started 3", "acknowledged 3", "committed 3"}));
}

TEST_F(BatchStageTest, EarlierBatchesAreCommittedWhileALaterOneIsStillRetried) {
  auto options = BatchStageTest::options();
  options.commit_interval = std::chrono::milliseconds(20);
  int attempts = 0;
  handler_.rule = [&](const Message& m) {
    // Unavailable until batch 2's offsets are committed (or, should they never be, for long enough
    // that the assertion below fails rather than the test hanging).
    const bool two_committed =
        std::find(source_.committed.begin(), source_.committed.end(), 2) != source_.committed.end();
    if (m.offset == 3 && !two_committed && ++attempts < 5000) throw Unavailable("down");
  };
  source_.batches = {{message(1)}, {message(2)}, {message(3)}};
  auto s = stage(&dead_letters_, options);
  run(s);
  EXPECT_EQ(journal, (std::vector<std::string>{"handled 1", "committed 1", "handled 2", "committed 2", "handled 3",
                                               "committed 3"}));
}

}  // namespace
}  // namespace orderflow::kafka
