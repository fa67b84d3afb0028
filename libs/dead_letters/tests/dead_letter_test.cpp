#include "orderflow/dead_letters/dead_letter.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace orderflow::dead_letters {
namespace {

DeadLetter letter(std::string value, std::string error) {
  DeadLetter l;
  l.original.topic = "orderflow.events.raw";
  l.original.partition = 2;
  l.original.offset = 41;
  l.original.key = "k";
  l.original.value = std::move(value);
  l.original.headers = {{"traceparent", "00-x"}};
  l.stage = "validator";
  l.reason = "not_json";
  l.error = std::move(error);
  return l;
}

TEST(DeadLetters, TheErrorTextIsCutToItsLimitAsValidUtf8) {
  std::string error;
  for (int i = 0; i < 2000; ++i) error += "\xC3\xA9";  // é, two bytes each
  const auto encoded = encode(letter("{}", error));
  const auto text = kafka::header_value(encoded.headers, "dlq.error");
  EXPECT_LE(text.size(), kMaxErrorBytes);
  EXPECT_EQ(text.substr(text.size() - 6), " [cut]");
  EXPECT_EQ(text.substr(0, 2), "\xC3\xA9");
  EXPECT_EQ(bounded_error_text("short"), "short");
}

TEST(DeadLetters, ASmallOriginalIsCopiedWhole) {
  const auto encoded = encode(letter("{\"a\":1}", "bad"));
  EXPECT_EQ(encoded.key, "k");
  EXPECT_EQ(encoded.value, "{\"a\":1}");
  EXPECT_EQ(kafka::header_value(encoded.headers, "traceparent"), "00-x");
  EXPECT_EQ(kafka::header_value(encoded.headers, "dlq.reason"), "not_json");
  EXPECT_EQ(kafka::header_value(encoded.headers, "dlq.original.omitted"), "");
}

TEST(DeadLetters, AnOriginalTooLargeToCopyIsReferencedByTopicPartitionAndOffset) {
  const auto encoded = encode(letter(std::string(kMaxCopiedBytes + 1, 'x'), "bad"));
  EXPECT_TRUE(encoded.value.empty());
  EXPECT_EQ(kafka::header_value(encoded.headers, "dlq.original.omitted"), std::to_string(kMaxCopiedBytes + 1 + 1 + 15));
  EXPECT_EQ(kafka::header_value(encoded.headers, "dlq.original.topic"), "orderflow.events.raw");
  EXPECT_EQ(kafka::header_value(encoded.headers, "dlq.original.partition"), "2");
  EXPECT_EQ(kafka::header_value(encoded.headers, "dlq.original.offset"), "41");
}

TEST(DeadLetters, WhatIsWrittenIsReadBack) {
  auto original = letter(R"({"eventId":"e-1","eventType":"X"})", "bad");
  original.original.headers = {{"traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}};
  const auto encoded = encode(original);
  kafka::Message on_topic{"orderflow.events.dlq", 0, 7, encoded.key, encoded.value, encoded.headers};
  const auto read_back = read(on_topic);
  EXPECT_EQ(read_back.reason, "not_json");
  EXPECT_EQ(read_back.error, "bad");
  EXPECT_EQ(read_back.stage, "validator");
  EXPECT_EQ(read_back.original_topic, "orderflow.events.raw");
  EXPECT_EQ(read_back.original_partition, 2);
  EXPECT_EQ(read_back.original_offset, 41);
  EXPECT_EQ(read_back.attempts, 1);
  EXPECT_EQ(read_back.event_id, "e-1");
  EXPECT_EQ(read_back.trace_id, "0af7651916cd43dd8448eb211c80319c");
  EXPECT_EQ(read_back.position(), "0:7");
}

TEST(DeadLetters, AttemptsCountRedrives) {
  auto first = letter("{}", "bad");
  kafka::Message dead{"dlq", 0, 1, "k", "{}", encode(first).headers};
  // Redriven: back on its topic without the dlq.* headers, counting the redrive.
  auto redriven = first;
  redriven.original.headers = redrive_headers(read(dead));
  EXPECT_EQ(kafka::header_value(redriven.original.headers, header::kReason), "");
  EXPECT_EQ(kafka::header_value(redriven.original.headers, header::kRedrivenFrom), "0:1");
  EXPECT_EQ(attempts(redriven.original), 2);
  const auto again = encode(redriven);
  EXPECT_EQ(kafka::header_value(again.headers, header::kAttempts), "2");
  kafka::Message dead_again{"dlq", 0, 2, "k", "{}", again.headers};
  EXPECT_EQ(kafka::header_value(redrive_headers(read(dead_again)), header::kRedrives), "2");
  EXPECT_NE(redis_entry(redriven).find(R"("retryCount":1)"), std::string::npos);
}

TEST(DeadLetters, OnlyAnIdentifierIsTakenForAnEventId) {
  EXPECT_EQ(event_id_of(R"({"eventId":"a-1"})"), "a-1");
  EXPECT_EQ(event_id_of(R"({"eventId":"-a"})"), std::nullopt);
  EXPECT_EQ(event_id_of(R"({"eventId":7})"), std::nullopt);
  EXPECT_EQ(event_id_of("not json"), std::nullopt);
  EXPECT_EQ(event_id_of(R"({"eventId":")" + std::string(129, 'a') + R"("})"), std::nullopt);
}

TEST(DeadLetters, TheRedisEntryIsSeed002sFormat) {
  const auto entry = nlohmann::json::parse(redis_entry(letter(R"({"eventId":"e-9"})", "bad")));
  EXPECT_EQ(entry["eventId"], "e-9");
  EXPECT_EQ(entry["originalData"], R"({"eventId":"e-9"})");
  EXPECT_EQ(entry["error"], "not_json: bad");
  EXPECT_EQ(entry["retryCount"], 0);
  EXPECT_TRUE(entry.contains("timestamp"));
  const auto large = nlohmann::json::parse(redis_entry(letter(std::string(kMaxCopiedBytes + 1, 'x'), "bad")));
  EXPECT_TRUE(large["originalData"].is_null());
  EXPECT_EQ(large["originalOmitted"], kMaxCopiedBytes + 1);
}

}  // namespace
}  // namespace orderflow::dead_letters
