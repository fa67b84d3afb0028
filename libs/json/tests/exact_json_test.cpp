#include "orderflow/json/exact_json.h"

#include <gtest/gtest.h>

namespace orderflow::json {
namespace {

nlohmann::json parse(std::string_view text) { return std::get<nlohmann::json>(parse_exact(text)); }

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

TEST(ExactJson, DeepNestingIsParsedWithoutCrashing) {
  const std::string deep = std::string(10000, '[') + std::string(10000, ']');
  EXPECT_TRUE(std::holds_alternative<nlohmann::json>(parse_exact(deep)));
}

}  // namespace
}  // namespace orderflow::json
