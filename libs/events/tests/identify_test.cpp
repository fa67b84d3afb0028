#include "orderflow/events/identify.h"

#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

#include "orderflow/events/contract.h"

namespace orderflow::events {
namespace {

std::string example(const std::string& name) {
  std::ifstream in(std::string(ORDERFLOW_SOURCE_DIR) + "/proto-schemas/examples/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string nested(std::size_t levels, const std::string& inner) {
  std::string text;
  for (std::size_t i = 0; i < levels; ++i) text += "[";
  text += inner;
  for (std::size_t i = 0; i < levels; ++i) text += "]";
  return text;
}

std::string event_with(const std::string& members) {
  return R"({"eventId":"e-1","eventType":"OrderPlaced")" + members + "}";
}

TEST(Identify, ReadsTheIdentityOfEveryExampleEvent) {
  for (const auto* name : {"seed002_order_placed.json", "seed002_user_created.json", "seed002_payment_settled.json",
                           "seed002_inventory_adjusted.json"}) {
    const auto text = example(name);
    const auto answer = identify(text);
    ASSERT_TRUE(std::holds_alternative<EventIdentity>(answer)) << name << ": " << describe(answer);
    EXPECT_EQ(describe(answer), describe(identify_exactly(text))) << name;
  }
}

// Each case is refused or read exactly as parse_exact() and read_identity() do: the same kind of
// answer, the same identity, the same error message and byte, the same problems.
TEST(Identify, AnswersEveryHostileOrOddMessageAsTheExactPathDoes) {
  const std::vector<std::string> cases = {
      "",
      "not json",
      "{",
      R"({"eventId":"e-1","eventType":"OrderPlaced"} trailing)",
      R"({"eventId":"e-1","eventType":"OrderPlaced"}{})",
      "[1, 2, 3]",
      "\"a string\"",
      "42",
      "null",
      "\xEF\xBB\xBF" + event_with(""),                    // a byte order mark
      event_with(R"(,"eventId":"e-2")"),                  // a repeated top-level key
      event_with(R"(,"items":[{"sku":"a","sku":"b"}])"),  // a repeated key deep in the body
      event_with(R"(,"a":{"x":1},"b":{"x":2})"),          // the same key in two objects is fine
      event_with(",\"deep\":" + nested(29, "1")),
      event_with(",\"deep\":" + nested(30, "1")),
      event_with(",\"deep\":" + nested(31, "1")),
      event_with(",\"deep\":" + nested(32, "1")),
      event_with(",\"deep\":" + nested(200, "1")),
      nested(40, "{}"),
      event_with(R"(,"note":"\ud800")"),  // a lone surrogate
      event_with(R"(,"note":"\udc00")"),
      event_with(R"(,"note":"\udc00\ud800")"),
      event_with(R"(,"note":"\ud83d\ude00")"),                // a pair
      event_with(R"(,"a":1)") + std::string("\0garbage", 8),  // NUL after the document
      event_with(R"(,"note":")") + std::string("x\0y", 3) + "\"}",
      event_with(R"(,"schemaVersion":-0)"),
      event_with(R"(,"schemaVersion":9223372036854775807)"),
      event_with(R"(,"schemaVersion":9223372036854775808)"),
      event_with(R"(,"schemaVersion":-9223372036854775808)"),
      event_with(R"(,"note":"\u0000")"),
      event_with(",\"note\":\"\xC3\x28\""),      // invalid UTF-8
      event_with(",\"note\":\"\xC0\xAF\""),      // overlong UTF-8
      event_with(",\"note\":\"\xED\xA0\x80\""),  // an encoded surrogate
      event_with(",\"note\":\"tab\there\""),     // a raw control character
      event_with(R"(,"amount":1e400)"),
      event_with(R"(,"amount":-1e-400)"),
      event_with(R"(,"amount":123456789012345678901234567890)"),
      event_with(R"(,"amount":01)"),
      event_with(R"(,"amount":1.)"),
      event_with(R"(,"amount":.5)"),
      event_with(R"(,"amount":-)"),
      event_with(R"(,"amount":NaN)"),
      event_with(R"(,"schemaVersion":1)"),
      event_with(R"(,"schemaVersion":2)"),
      event_with(R"(,"schemaVersion":0)"),
      event_with(R"(,"schemaVersion":-1)"),
      event_with(R"(,"schemaVersion":1.0)"),
      event_with(R"(,"schemaVersion":1e0)"),
      event_with(R"(,"schemaVersion":1.5)"),
      event_with(R"(,"schemaVersion":"1")"),
      event_with(R"(,"schemaVersion":18446744073709551615)"),
      event_with(R"(,"schemaVersion":18446744073709551616)"),
      event_with(R"(,"schemaVersion":[1])"),
      event_with(R"(,"timestamp":"2025-10-21T00:00:00Z")"),
      event_with(R"(,"timestamp":"yesterday")"),
      event_with(R"(,"timestamp":{"at":[1,2,{"b":null}]})"),
      R"({"eventType":"OrderPlaced"})",
      R"({"eventId":"e-1"})",
      R"({"eventId":"","eventType":"OrderPlaced"})",
      R"({"eventId":"-leading","eventType":"OrderPlaced"})",
      R"({"eventId":"e-1","eventType":"Refunded"})",
      R"({"eventId":7,"eventType":"OrderPlaced"})",
      R"({"eventId":"e\u002d1","eventType":"OrderPlaced"})",  // an escape in the id itself
      R"({"eventId":"e-1","eventType":"OrderPlaced","eventId":"e-1"})",
      "{\"eventId\":\"e-1\",\"eventType\":\"OrderPlaced\"}\n\t ",
      " \r\n{\"eventId\":\"e-1\",\"eventType\":\"OrderPlaced\"}",
  };
  for (const auto& text : cases) {
    EXPECT_EQ(describe(identify(text)), describe(identify_exactly(text))) << "message: " << text;
  }
}

// Past the size the thread's parser keeps buffers for, a message goes the exact way: its answer
// is the same, before and after, and a small message read afterwards too.
TEST(Identify, AMessageLargerThanTheParsersBuffersIsAnsweredTheSame) {
  const std::string large = event_with(R"(,"note":")" + std::string(200'000, 'x') + "\"");
  const std::string large_broken = large.substr(0, large.size() - 1);
  const std::string small = example("seed002_order_placed.json");
  for (const auto* text : {&small, &large, &large_broken, &small}) {
    EXPECT_EQ(describe(identify(*text)), describe(identify_exactly(*text))) << text->size();
  }
  EXPECT_TRUE(std::holds_alternative<EventIdentity>(identify(large)));
}

// identify() validates only the envelope's declared members. That stands for the whole event only
// while the envelope schema says nothing about the event as a whole beyond these keywords (say an
// additionalProperties or a minProperties would also read the members it leaves out).
TEST(Identify, TheEnvelopeSchemaConstrainsOnlyItsOwnMembers) {
  const auto& schema = Contract::instance().registry().document("events/envelope.v1.json");
  for (const auto& [keyword, unused] : schema.items()) {
    EXPECT_TRUE(keyword == "$schema" || keyword == "title" || keyword == "description" || keyword == "type" ||
                keyword == "required" || keyword == "properties" || keyword == "definitions")
        << "the envelope schema gained '" << keyword << "': identify() must read more than its members";
  }
  EXPECT_EQ(schema.at("type"), "object");
  // A required member the schema does not declare would be left out, and read as missing.
  for (const auto& name : schema.at("required")) {
    EXPECT_TRUE(schema.at("properties").contains(name.get<std::string>())) << name;
  }
}

}  // namespace
}  // namespace orderflow::events
