#include "orderflow/json/exact_json.h"

#include <gtest/gtest.h>
#include <limits>

namespace orderflow::exact_json {
namespace {

nlohmann::json parse(std::string_view text) {
  return std::get<nlohmann::json>(parse_exact(text));
}

TEST(ExactJson, NonIntegerNumbersKeepTheirExactText) {
  const auto doc = parse(R"({"total": 149.99, "tiny": 0.1, "scaled": 100.10, "exp": 1e2})");
  EXPECT_TRUE(is_decimal_node(doc["total"]));
  EXPECT_EQ(to_decimal(doc["total"])->to_string(), "149.99");
  EXPECT_EQ(to_decimal(doc["scaled"])->to_string(), "100.10");
  EXPECT_EQ(to_decimal(doc["exp"])->to_string(), "100");
}

TEST(ExactJson, DumpWritesNumbersBackVerbatim) {
  const std::string text = R"({"a":[1,2.50,-0.001,12345678901234567890123],"b":"x\"y","c":null,"d":true})";
  EXPECT_EQ(dump_exact(parse(text)), text);
}

// dump_exact writes strings, integers and literals itself; apart from decimals its bytes must be
// nlohmann's, which the rest of orderflow (and the tests' expectations) were written against.
TEST(ExactJson, DumpWritesEverythingButDecimalsAsNlohmannDoes) {
  std::string every_ascii_byte;
  for (int c = 1; c < 0x80; ++c) every_ascii_byte.push_back(static_cast<char>(c));
  const nlohmann::json values[] = {
      nlohmann::json::object(),
      nlohmann::json::array(),
      {{"ascii", every_ascii_byte}, {every_ascii_byte, "as a key"}},
      {{"nul", std::string("a\0b", 3)}, {"empty", ""}, {"quote\"back\\", "\"\\/"}},
      {{"utf8", "Zoë 東京 \xF0\x9F\x93\xA6"}, {"ké", "v"}, {"invalid", "\xC3(\xFF"}},
      {{"min", std::numeric_limits<std::int64_t>::min()}, {"max", std::numeric_limits<std::int64_t>::max()}},
      {{"umax", std::numeric_limits<std::uint64_t>::max()}, {"zero", 0}, {"neg", -1}},
      {{"double", 0.1}, {"whole double", 3.0}, {"t", true}, {"f", false}, {"n", nullptr}},
      {{"nested", {{"a", {1, "two", {{"three", nlohmann::json::array({nullptr})}}}}}}},
      nlohmann::json::binary({1, 2, 3}),
      "a lone string\n",
      42,
  };
  for (const auto& value : values) {
    EXPECT_EQ(dump_exact(value), value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
}

TEST(ExactJson, IntegersStayIntegers) {
  const auto doc = parse(R"({"quantity": 3, "negative": -4})");
  EXPECT_TRUE(doc["quantity"].is_number_integer());
  EXPECT_TRUE(is_number(doc["quantity"]));
  EXPECT_EQ(to_decimal(doc["negative"])->to_string(), "-4");
}

TEST(ExactJson, StringsAreNotNumbers) {
  const auto doc = parse(R"({"total": "149.99"})");
  EXPECT_FALSE(is_number(doc["total"]));
  EXPECT_FALSE(to_decimal(doc["total"]).has_value());
}

TEST(ExactJson, MalformedInputGivesAPositionedError) {
  auto result = parse_exact(R"({"id": 1,})");
  ASSERT_TRUE(std::holds_alternative<ParseError>(result));
  const auto& error = std::get<ParseError>(result);
  EXPECT_EQ(error.message.find("[json.exception"), std::string::npos) << error.message;
  EXPECT_GT(error.byte, 0u);
}

TEST(ExactJson, TrailingGarbageAndEmptyInputAreErrors) {
  EXPECT_TRUE(std::holds_alternative<ParseError>(parse_exact("{} x")));
  EXPECT_TRUE(std::holds_alternative<ParseError>(parse_exact("")));
  EXPECT_TRUE(std::holds_alternative<ParseError>(parse_exact("\xff\xfe")));
}

TEST(ExactJson, NestingDeeperThanTheLimitIsRefusedNamingIt) {
  for (const std::size_t depth : {kMaxDepth + 1, std::size_t{200'000}}) {
    const std::string deep = std::string(depth, '[') + std::string(depth, ']');
    const auto parsed = parse_exact(deep);
    ASSERT_TRUE(std::holds_alternative<ParseError>(parsed)) << depth;
    EXPECT_EQ(std::get<ParseError>(parsed).kind, ParseError::Kind::kTooDeep);
    EXPECT_NE(std::get<ParseError>(parsed).message.find("nested deeper than 32"), std::string::npos);
  }
  const std::string at_limit = std::string(kMaxDepth, '[') + std::string(kMaxDepth, ']');
  EXPECT_TRUE(std::holds_alternative<nlohmann::json>(parse_exact(at_limit)));
  // Objects count as levels too, mixed with arrays.
  std::string mixed;
  for (std::size_t i = 0; i < kMaxDepth; ++i) mixed += i % 2 ? "[" : "{\"a\":";
  EXPECT_TRUE(std::holds_alternative<ParseError>(parse_exact(mixed + "[1]")));
}

TEST(ExactJson, ALeadingByteOrderMarkIsRefusedAsPostgreSQLRefusesIt) {
  EXPECT_TRUE(std::holds_alternative<ParseError>(parse_exact("\xEF\xBB\xBF{}")));
}

// nlohmann alone reads a NUL byte as the end of its input: `{..}\0garbage` parsed as `{..}`, and
// the validator forwarded bytes that are not JSON.
TEST(ExactJson, ANulByteAnywhereIsRefusedNamingWhereItIs) {
  using namespace std::string_literals;
  for (const auto& text : {"{\"a\":1}\0garbage"s, "{\"a\":1}\0"s, "\0{}"s, "{\"a\":\"x\0y\"}"s}) {
    const auto parsed = parse_exact(text);
    ASSERT_TRUE(std::holds_alternative<ParseError>(parsed)) << text.size();
    EXPECT_EQ(std::get<ParseError>(parsed).byte, text.find('\0'));
    EXPECT_NE(std::get<ParseError>(parsed).message.find("NUL byte"), std::string::npos);
  }
  // Written as an escape, NUL is an ordinary character of a string.
  EXPECT_TRUE(std::holds_alternative<nlohmann::json>(parse_exact(R"({"a":"x\u0000y"})")));
}

TEST(ExactJson, ADuplicateKeyIsRefusedNamingTheKey) {
  const auto parsed = parse_exact(R"({"total":-5,"total":10.50})");
  ASSERT_TRUE(std::holds_alternative<ParseError>(parsed));
  EXPECT_EQ(std::get<ParseError>(parsed).kind, ParseError::Kind::kDuplicateKey);
  EXPECT_EQ(std::get<ParseError>(parsed).message, "duplicate key 'total'");
  // The same key in different objects is fine.
  EXPECT_TRUE(std::holds_alternative<nlohmann::json>(parse_exact(R"({"a":{"k":1},"b":{"k":2}})")));
}

TEST(ExactJson, IntegersWrittenWithAFractionOrExponentReadAsIntegers) {
  const auto doc = parse(R"([1.0, 1e2, 2.50, 1.5, 9223372036854775807, 9223372036854775808, 1e40, "1"])");
  EXPECT_EQ(to_int64(doc[0]), 1);
  EXPECT_EQ(to_int64(doc[1]), 100);
  EXPECT_EQ(to_int64(doc[2]), std::nullopt);
  EXPECT_EQ(to_int64(doc[3]), std::nullopt);
  EXPECT_EQ(to_int64(doc[4]), 9223372036854775807);
  EXPECT_EQ(to_int64(doc[5]), std::nullopt);
  EXPECT_EQ(to_int64(doc[6]), std::nullopt);
  EXPECT_EQ(to_int64(doc[7]), std::nullopt);
}

}  // namespace
}  // namespace orderflow::exact_json
