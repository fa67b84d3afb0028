// The validator's batch handling with in-memory fakes of Kafka: what is forwarded, what is
// dead-lettered, and that a failure to write leaves the batch to the stage (no partial success).
#include "validator_handler.h"

#include <gtest/gtest.h>

#include "orderflow/common/time.h"
#include "orderflow/kafka/client_config.h"

namespace orderflow::validator {
namespace {

struct FakeWriter : kafka::MessageWriter {
  std::vector<std::pair<std::string, kafka::Message>> written;
  bool unavailable = false;
  bool acknowledgements_fail = false;  // start_all queues, and the wait for Kafka's answer fails
  void write_all(const std::string& topic, const std::vector<kafka::Message>& messages) override {
    if (unavailable) throw kafka::KafkaError("Local: Broker transport failure", true);
    for (const auto& m : messages) written.emplace_back(topic, m);
  }
  std::unique_ptr<kafka::Pending> start_all(const std::string& topic,
                                            const std::vector<kafka::Message>& messages) override {
    struct Answer : kafka::Pending {
      bool fails;
      explicit Answer(bool f) : fails(f) {}
      bool settled() const override { return true; }
      void wait() override {
        if (fails) throw kafka::KafkaError("Local: Message timed out", true);
      }
    };
    write_all(topic, messages);
    return std::make_unique<Answer>(acknowledgements_fail);
  }
};

struct FakeDeadLetters : dead_letters::DeadLetterSink {
  std::vector<dead_letters::DeadLetter> sent;
  void send_all(const std::vector<dead_letters::DeadLetter>& letters) override {
    sent.insert(sent.end(), letters.begin(), letters.end());
  }
};

kafka::Message message(std::int64_t offset, std::string value) {
  kafka::Message m;
  m.topic = "raw";
  m.offset = offset;
  m.key = "k" + std::to_string(offset);
  m.value = std::move(value);
  m.headers = {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}};
  return m;
}

std::string valid_user(const std::string& id) {
  return R"({"eventId":")" + id +
         R"(","eventType":"UserCreated","timestamp":"2025-10-06T17:00:00Z","userId":"u",)"
         R"("email":"a@example.com","firstName":"A","lastName":"B","createdAt":"2025-10-06T17:00:00Z"})";
}

class ValidatorHandlerTest : public ::testing::Test {
 protected:
  FakeWriter writer_;
  FakeDeadLetters dead_letters_;
  metrics::Registry registry_;
  ValidatorHandler handler_{writer_, dead_letters_, {"validated", std::chrono::seconds(300)}, registry_};
};

TEST_F(ValidatorHandlerTest, ValidEventsAreForwardedUnchangedAndTheRestDeadLetteredWithAReason) {
  handler_.handle({message(1, valid_user("e1")), message(2, "not json"), message(3, valid_user("e3")),
                   message(4, R"({"eventId":"p1","eventType":"UserCreated","schemaVersion":1.0})")});
  ASSERT_EQ(writer_.written.size(), 2u);
  EXPECT_EQ(writer_.written[0].first, "validated");
  EXPECT_EQ(writer_.written[0].second.value, valid_user("e1"));
  EXPECT_EQ(writer_.written[0].second.key, "k1");
  EXPECT_EQ(writer_.written[0].second.headers, message(1, "").headers);
  EXPECT_EQ(writer_.written[1].second.offset, 3);
  ASSERT_EQ(dead_letters_.sent.size(), 2u);
  EXPECT_EQ(dead_letters_.sent[0].reason, "not_json");
  EXPECT_EQ(dead_letters_.sent[0].stage, "validator");
  EXPECT_EQ(dead_letters_.sent[1].reason, "schema_violation");
}

TEST_F(ValidatorHandlerTest, AWriteThatFailsThrowsSoTheStageRetriesTheWholeBatch) {
  writer_.unavailable = true;
  EXPECT_THROW(handler_.handle({message(1, valid_user("e1")), message(2, "not json")}), kafka::KafkaError);
  EXPECT_TRUE(dead_letters_.sent.empty());  // nothing is half done before the forwards are durable
}

TEST_F(ValidatorHandlerTest, StartForwardsABatchWithoutWaitingAndCountsItOnlyOnceAcknowledged) {
  auto forwarding = handler_.start({message(1, valid_user("e1")), message(2, valid_user("e2"))});
  ASSERT_NE(forwarding, nullptr);
  ASSERT_EQ(writer_.written.size(), 2u);
  EXPECT_EQ(writer_.written[1].second.value, valid_user("e2"));
  const std::string counted = R"(events_processed_total{stage="validator",status="valid"} 2)";
  EXPECT_EQ(metrics::render(registry_).find(counted), std::string::npos);
  forwarding->wait();
  EXPECT_NE(metrics::render(registry_).find(counted), std::string::npos);
}

// A batch with something to dead-letter is started like any other (checked once, not held back
// from the pipeline); its dead letters go out only once the forwards are durable.
TEST_F(ValidatorHandlerTest, StartSendsABatchsDeadLettersOnlyOnceItsForwardsAreAcknowledged) {
  auto started = handler_.start({message(1, valid_user("e1")), message(2, "not json")});
  ASSERT_NE(started, nullptr);
  ASSERT_EQ(writer_.written.size(), 1u);
  EXPECT_TRUE(dead_letters_.sent.empty());
  started->wait();
  ASSERT_EQ(dead_letters_.sent.size(), 1u);
  EXPECT_EQ(dead_letters_.sent[0].reason, "not_json");
  EXPECT_NE(metrics::render(registry_).find(R"(dlq_entries_total{stage="validator"} 1)"), std::string::npos);
}

TEST_F(ValidatorHandlerTest, AStartedBatchWhoseForwardsFailSendsNoDeadLetters) {
  writer_.acknowledgements_fail = true;
  auto started = handler_.start({message(1, valid_user("e1")), message(2, "not json")});
  ASSERT_NE(started, nullptr);
  EXPECT_THROW(started->wait(), kafka::KafkaError);  // the stage handles the batch again in full
  EXPECT_TRUE(dead_letters_.sent.empty());
}

}  // namespace
}  // namespace orderflow::validator
