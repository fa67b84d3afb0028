// What the recorder makes of a dead letter written by anyone: a row every column and index takes.
#include "dead_letter_recorder.h"

#include <gtest/gtest.h>

namespace orderflow::processor {
namespace {

kafka::Message letter(std::string value, kafka::Headers headers) {
  kafka::Message m;
  m.topic = "orderflow.events.dlq";
  m.partition = 1;
  m.offset = 7;
  m.value = std::move(value);
  m.headers = std::move(headers);
  return m;
}

TEST(DeadLetterRecorder, ARecordCarriesTheLettersOriginAndReason) {
  const auto record = DeadLetterRecorder::to_record(
      letter(R"({"eventId":"e-1","eventType":"UserCreated"})",
             {{"dlq.reason", "schema_violation"},
              {"dlq.error", "email: is required"},
              {"dlq.stage", "validator"},
              {"dlq.original.topic", "orderflow.events.raw"},
              {"dlq.original.partition", "3"},
              {"dlq.original.offset", "41"},
              {"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}}));
  EXPECT_EQ(record.event_id, "e-1");
  EXPECT_EQ(record.reason, "schema_violation");
  EXPECT_EQ(record.stage, "validator");
  EXPECT_EQ(record.original_partition, 3);
  EXPECT_EQ(record.original_offset, 41);
  EXPECT_EQ(record.dlq_partition, 1);
  EXPECT_EQ(record.dlq_offset, 7);
  EXPECT_EQ(record.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
}

TEST(DeadLetterRecorder, AnIdThatIsNoIdentifierIsNotKeptAndLongTextsAreCut) {
  for (const std::string& id : {std::string(6000, 'i'), std::string("-starts-with-dash"), std::string("sp ace")}) {
    const auto record = DeadLetterRecorder::to_record(letter(R"({"eventId":")" + id + R"("})", {}));
    EXPECT_FALSE(record.event_id.has_value()) << id;
  }
  const auto record =
      DeadLetterRecorder::to_record(letter("\xff\xfe not json", {{"dlq.error", std::string(100'000, 'e')},
                                                                 {"dlq.reason", std::string(500, '\xff')},
                                                                 {"dlq.original.partition", "not a number"}}));
  EXPECT_FALSE(record.event_id.has_value());
  EXPECT_LE(record.error.size(), dead_letters::kMaxErrorBytes);
  EXPECT_LE(record.reason.size(), 64u);
  EXPECT_EQ(record.original_partition, 0);
  EXPECT_EQ(record.payload, "\xff\xfe not json");  // bytea keeps the bytes as they were
}

}  // namespace
}  // namespace orderflow::processor
