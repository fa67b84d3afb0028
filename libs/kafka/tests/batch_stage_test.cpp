// The one decision every consumer makes — retry, isolate and dead-letter, or stop — tested with
// in-memory fakes of the source, the handler and the dead letter sink.
#include "orderflow/kafka/batch_stage.h"

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

struct FakeSource : MessageSource {
  std::deque<std::vector<Message>> batches;
  std::vector<std::int64_t> committed;  // the last offset of each committed batch
  ShutdownSignal* stop_when_empty = nullptr;

  std::vector<Message> poll_batch(std::size_t, std::chrono::milliseconds) override {
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
    journal.push_back("committed " + std::to_string(done.back().offset));
  }
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

class BatchStageTest : public ::testing::Test {
 protected:
  void SetUp() override { journal.clear(); }
  BatchStage stage(dead_letters::DeadLetterSink* sink) {
    StageOptions options{.name = "test"};
    options.first_backoff = std::chrono::milliseconds(1);
    options.max_backoff = std::chrono::milliseconds(2);
    return BatchStage(source_, handler_, sink, options, registry_);
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

}  // namespace
}  // namespace orderflow::kafka
