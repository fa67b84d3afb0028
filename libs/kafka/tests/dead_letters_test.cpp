#include "orderflow/kafka/dead_letters.h"

#include <gtest/gtest.h>

namespace orderflow::kafka {
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
  const auto encoded = encode_dead_letter(letter("{}", error));
  const auto text = header_value(encoded.headers, "dlq.error");
  EXPECT_LE(text.size(), kMaxErrorBytes);
  EXPECT_EQ(text.substr(text.size() - 6), " [cut]");
  EXPECT_EQ(text.substr(0, 2), "\xC3\xA9");
  EXPECT_EQ(bounded_error_text("short"), "short");
}

TEST(DeadLetters, ASmallOriginalIsCopiedWhole) {
  const auto encoded = encode_dead_letter(letter("{\"a\":1}", "bad"));
  EXPECT_EQ(encoded.key, "k");
  EXPECT_EQ(encoded.value, "{\"a\":1}");
  EXPECT_EQ(header_value(encoded.headers, "traceparent"), "00-x");
  EXPECT_EQ(header_value(encoded.headers, "dlq.reason"), "not_json");
  EXPECT_EQ(header_value(encoded.headers, "dlq.original.omitted"), "");
}

TEST(DeadLetters, AnOriginalTooLargeToCopyIsReferencedByTopicPartitionAndOffset) {
  const auto encoded = encode_dead_letter(letter(std::string(kMaxCopiedBytes + 1, 'x'), "bad"));
  EXPECT_TRUE(encoded.value.empty());
  EXPECT_EQ(header_value(encoded.headers, "dlq.original.omitted"), std::to_string(kMaxCopiedBytes + 1 + 1 + 15));
  EXPECT_EQ(header_value(encoded.headers, "dlq.original.topic"), "orderflow.events.raw");
  EXPECT_EQ(header_value(encoded.headers, "dlq.original.partition"), "2");
  EXPECT_EQ(header_value(encoded.headers, "dlq.original.offset"), "41");
}

}  // namespace
}  // namespace orderflow::kafka
