#include "orderflow/schema/validator.h"

#include <gtest/gtest.h>

#include "orderflow/json/exact_json.h"

namespace orderflow::schema {
namespace {

nlohmann::json parse(std::string_view text) { return std::get<nlohmann::json>(json::parse_exact(text)); }

TEST(SchemaValidator, ViolationsNameTheFieldPathAndTheKeyword) {
  Registry registry;
  registry.add("order.json", parse(R"({"type":"object","required":["id"],"properties":{
      "items":{"type":"array","items":{"type":"object","properties":{"price":{"type":"number"}}}}}})"));
  const auto violations = registry.validate("order.json", parse(R"({"items":[{"price":1},{"price":"x"}]})"));
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].path, "id");
  EXPECT_EQ(violations[0].keyword, "required");
  EXPECT_EQ(violations[1].path, "items[1].price");
  EXPECT_EQ(violations[1].keyword, "type");
}

TEST(SchemaValidator, RefsResolveRelativeToTheReferringDocument) {
  Registry registry;
  registry.add("events/common.json", parse(R"({"definitions":{"id":{"type":"string","pattern":"^[a-z]+$"}}})"));
  registry.add("events/a.json", parse(R"({"properties":{"id":{"$ref":"common.json#/definitions/id"}}})"));
  registry.add("api/b.json", parse(R"({"properties":{"id":{"$ref":"../events/common.json#/definitions/id"}}})"));
  EXPECT_TRUE(registry.validate("events/a.json", parse(R"({"id":"abc"})")).empty());
  EXPECT_EQ(registry.validate("api/b.json", parse(R"({"id":"ABC"})")).at(0).keyword, "pattern");
}

TEST(SchemaValidator, NumbersAreComparedExactly) {
  Registry registry;
  registry.add("n.json", parse(R"({"exclusiveMinimum": 0.1})"));
  EXPECT_FALSE(registry.validate("n.json", parse("0.1")).empty());
  EXPECT_TRUE(registry.validate("n.json", parse("0.100000000000000001")).empty());
}

TEST(SchemaValidator, RefusesKeywordsItDoesNotImplement) {
  Registry registry;
  EXPECT_THROW(registry.add("x.json", parse(R"({"anyOf":[{"type":"string"}]})")), SchemaError);
  EXPECT_THROW(registry.add("y.json", parse(R"({"properties":{"a":{"multipleOf":2}}})")), SchemaError);
  EXPECT_THROW(registry.add("z.json", parse(R"({"pattern":"("})")), SchemaError);
}

}  // namespace
}  // namespace orderflow::schema
