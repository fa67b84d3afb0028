#include "dead_letter_view.h"

#include <gtest/gtest.h>

namespace orderflow::dlq_tool {
namespace {

kafka::Message letter(const std::string& reason, const std::string& value, std::int64_t offset) {
  kafka::Message m;
  m.partition = 2;
  m.offset = offset;
  m.value = value;
  m.headers = {{"traceparent", "00-abc-def-01"},
               {"dlq.reason", reason},
               {"dlq.original.partition", "1"},
               {"dlq.original.offset", "9"}};
  return m;
}

TEST(DeadLetterView, ReadsTheHeadersAndTheEventId) {
  const auto view = dead_letters::read(letter("total_mismatch", R"({"eventId":"e1"})", 5));
  EXPECT_EQ(view.reason, "total_mismatch");
  EXPECT_EQ(view.event_id, "e1");
  EXPECT_EQ(view.position(), "2:5");
  EXPECT_EQ(view.original_partition, 1);
  EXPECT_EQ(view.original_offset, 9);
  EXPECT_FALSE(dead_letters::read(letter("not_json", "\x01\x02", 6)).event_id.has_value());
}

TEST(DeadLetterView, FiltersByReasonAndEventIdAndCounts) {
  const std::vector<dead_letters::ReadDeadLetter> letters = {dead_letters::read(letter("a", R"({"eventId":"e1"})", 1)),
                                                             dead_letters::read(letter("b", R"({"eventId":"e2"})", 2)),
                                                             dead_letters::read(letter("a", "x", 3))};
  const Filter by_reason{"a", std::nullopt};
  const Filter by_event{std::nullopt, "e2"};
  EXPECT_TRUE(by_reason.matches(letters[0]));
  EXPECT_FALSE(by_reason.matches(letters[1]));
  EXPECT_TRUE(by_event.matches(letters[1]));
  EXPECT_FALSE(by_event.matches(letters[2]));
  EXPECT_EQ(count_by_reason(letters), (std::map<std::string, std::size_t>{{"a", 2}, {"b", 1}}));
}

TEST(DeadLetterView, RedrivenMessagesKeepTheirHeadersButNotTheDeadLetterOnes) {
  const auto headers = dead_letters::redrive_headers(dead_letters::read(letter("a", "{}", 7)));
  EXPECT_EQ(headers,
            (kafka::Headers{{"traceparent", "00-abc-def-01"}, {"dlq.redriven.from", "2:7"}, {"dlq.redrives", "1"}}));
}

}  // namespace
}  // namespace orderflow::dlq_tool
