// Hostile messages written straight onto the topics, as any producer with access could: each
// costs one dead letter with a reason, never a process or a partition, and a valid event sent
// after each is persisted.
#include <pqxx/pqxx>

#include "orderflow/dead_letters/sink.h"
#include "orderflow/kafka/producer.h"

#include "hostile.h"
#include "kafka_probe.h"

namespace orderflow::testing {
namespace {

class HostileTopic : public Hostile {
 protected:
  // Writes `value` to `topic` and waits for its dead letter; returns it.
  kafka::Message dead_letter_for(const std::string& topic, const std::string& value) {
    static kafka::Producer producer({shared_stack().kafka_brokers(), "hostile", {{"message.max.bytes", "2000000"}}},
                                    {});
    const auto report = producer.produce_and_wait(topic, "hostile", value);
    EXPECT_TRUE(report.delivered) << report.error;
    static TopicReader dead_letters(shared_stack().kafka_brokers(), pipeline_->dead_letter_topic());
    std::optional<kafka::Message> found;
    EXPECT_TRUE(eventually(
        [&] {
          for (const auto& m : dead_letters.read()) {
            if (header(m, "dlq.original.topic") == topic &&
                header(m, "dlq.original.offset") == std::to_string(report.offset) &&
                header(m, "dlq.original.partition") == std::to_string(report.partition)) {
              found = m;
              return true;
            }
          }
          return false;
        },
        std::chrono::seconds(60)))
        << "no dead letter for the message at offset " << report.offset;
    expect_all_healthy();
    expect_a_valid_event_is_persisted();
    return found.value_or(kafka::Message{});
  }

  std::string raw() const { return pipeline_->raw_topic(); }
  std::string validated() const { return pipeline_->validated_topic(); }
};

TEST_F(HostileTopic, AnIntegerWrittenAsADecimalInTheEnvelopeIsRefusedNotFatal) {
  const auto letter = dead_letter_for(raw(), R"({"eventId":"p1","eventType":"UserCreated","schemaVersion":1.0})");
  EXPECT_EQ(header(letter, "dlq.reason"), "schema_violation");
}

TEST_F(HostileTopic, NestingDeeperThanTheLimitIsNotJson) {
  const auto letter = dead_letter_for(raw(), std::string(200'000, '[') + std::string(200'000, ']'));
  EXPECT_EQ(header(letter, "dlq.reason"), "not_json");
}

TEST_F(HostileTopic, AHugeTokenGivesADeadLetterWithABoundedError) {
  const auto letter = dead_letter_for(raw(), "{\"a\":" + std::string(900'000, 'x') + "}");
  EXPECT_EQ(header(letter, "dlq.reason"), "not_json");
  EXPECT_LE(header(letter, "dlq.error").size(), dead_letters::kMaxErrorBytes);
}

TEST_F(HostileTopic, AMessageTooLargeToCopyIsReferencedByItsOffset) {
  const std::string huge = R"({"eventId":")" + unique("huge") + R"(","eventType":"UserCreated","pad":")" +
                           std::string(900'000, 'x') + R"("})";
  const auto letter = dead_letter_for(raw(), huge);
  EXPECT_EQ(header(letter, "dlq.reason"), "schema_violation");
  EXPECT_TRUE(letter.value.empty());
  EXPECT_EQ(header(letter, "dlq.original.omitted"), std::to_string(huge.size() + std::string("hostile").size()));
}

TEST_F(HostileTopic, AnEventIdOf6KilobytesIsDeadLetteredAndRecordedWithoutIt) {
  const std::string id(6000, 'i');
  const auto letter = dead_letter_for(raw(), R"({"eventId":")" + id + R"(","eventType":"UserCreated"})");
  EXPECT_EQ(header(letter, "dlq.reason"), "invalid_envelope");
  // The recorder writes it to the dead_letters table (without an event id an index cannot hold).
  ASSERT_TRUE(eventually(
      [&] {
        pqxx::connection connection(shared_stack().database_url());
        return pqxx::read_transaction(connection)
                   .exec_params(
                       "SELECT count(*) FROM dead_letters WHERE dlq_offset = $1 AND dlq_partition = $2 "
                       "AND event_id IS NULL",
                       letter.offset, letter.partition)[0][0]
                   .as<long>() == 1;
      },
      std::chrono::seconds(60)));
}

TEST_F(HostileTopic, AnEventIdOf6KilobytesOnTheValidatedTopicIsRefusedByTheProcessor) {
  const std::string id(6000, 'v');
  const auto letter = dead_letter_for(
      validated(),
      R"({"eventId":")" + id +
          R"(","eventType":"InventoryAdjusted","sku":"S","quantity":1,"adjustmentType":"add","adjustedAt":"2025-10-06T17:00:00Z"})");
  EXPECT_EQ(header(letter, "dlq.stage"), "processor");
  EXPECT_EQ(header(letter, "dlq.reason"), "invalid_envelope");
}

TEST_F(HostileTopic, ValuesPostgresCannotStoreOnTheValidatedTopicAreIsolated) {
  for (
      const std::string& body : std::vector<std::string>{
          R"({"eventId":")" + unique("nul") +
              R"(","eventType":"UserCreated","userId":"u\u0000","email":"a@b.co","firstName":"A","lastName":"B","createdAt":"2025-10-06T17:00:00Z"})",
          R"({"eventId":")" + unique("big") +
              R"(","eventType":"InventoryAdjusted","sku":"S","quantity":1e300,"adjustmentType":"add","adjustedAt":"2025-10-06T17:00:00Z"})",
          R"({"eventId":")" + unique("line") +
              R"(","eventType":"OrderPlaced","orderId":"o-line","userId":"u","totalAmount":1,"currency":"EUR","items":[{"sku":"S","quantity":1}],"placedAt":"2025-10-06T17:00:00Z"})"}) {
    const auto letter = dead_letter_for(validated(), body);
    EXPECT_EQ(header(letter, "dlq.reason"), "apply_failed") << body;
  }
}

TEST_F(HostileTopic, AByteOrderMarkBeforeAValidEventIsNotJsonAsPostgreSQLWouldSay) {
  const std::string event =
      R"({"eventId":")" + unique("bom") +
      R"(","eventType":"UserCreated","timestamp":"2025-10-06T17:00:00Z","userId":"u",)"
      R"("email":"a@example.com","firstName":"A","lastName":"B","createdAt":"2025-10-06T17:00:00Z"})";
  EXPECT_EQ(header(dead_letter_for(raw(), "\xEF\xBB\xBF" + event), "dlq.reason"), "not_json");
}

TEST_F(HostileTopic, RandomBytesOnBothTopicsAreNotJson) {
  std::string bytes(512, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 7919) % 251);
  EXPECT_EQ(header(dead_letter_for(raw(), bytes), "dlq.reason"), "not_json");
  EXPECT_EQ(header(dead_letter_for(validated(), bytes), "dlq.reason"), "not_json");
}

}  // namespace
}  // namespace orderflow::testing
