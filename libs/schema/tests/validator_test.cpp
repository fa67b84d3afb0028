#include "orderflow/schema/validator.h"

#include <gtest/gtest.h>

#include "orderflow/json/exact_json.h"

namespace orderflow::schema {
namespace {

nlohmann::json parse(std::string_view text) {
  return std::get<nlohmann::json>(exact_json::parse_exact(text));
}

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

// $ref targets are resolved once and remembered; a document added again replaces what they point at.
TEST(SchemaValidator, ARefSeesTheDocumentItPointsAtAsLastAdded) {
  Registry registry;
  registry.add("common.json", parse(R"({"definitions":{"id":{"type":"string"}}})"));
  registry.add("a.json", parse(R"({"properties":{"id":{"$ref":"common.json#/definitions/id"}}})"));
  EXPECT_TRUE(registry.validate("a.json", parse(R"({"id":"x"})")).empty());
  EXPECT_TRUE(registry.validate("a.json", parse(R"({"id":"x"})")).empty());  // from the remembered target
  registry.add("common.json", parse(R"({"definitions":{"id":{"type":"integer"}}})"));
  EXPECT_EQ(registry.validate("a.json", parse(R"({"id":"x"})")).at(0).keyword, "type");
  registry.add("a.json", parse(R"({"properties":{"id":{"$ref":"#/definitions/none"}}})"));
  EXPECT_THROW(registry.validate("a.json", parse(R"({"id":1})")), SchemaError);
  EXPECT_THROW(registry.validate("a.json", parse(R"({"id":1})")),
               SchemaError);  // a $ref to nothing is never remembered
}

TEST(SchemaValidator, NumbersAreComparedExactly) {
  Registry registry;
  registry.add("n.json", parse(R"({"exclusiveMinimum": 0.1})"));
  EXPECT_FALSE(registry.validate("n.json", parse("0.1")).empty());
  EXPECT_TRUE(registry.validate("n.json", parse("0.100000000000000001")).empty());
}

TEST(SchemaValidator, AnIntegerOfAnySizeIsAnInteger) {
  Registry registry;
  registry.add("i.json", parse(R"({"type":"integer","minimum":1})"));
  EXPECT_TRUE(registry.validate("i.json", parse("10000000000000000000000000000000000000000")).empty());
  EXPECT_TRUE(registry.validate("i.json", parse("1e40")).empty());
  EXPECT_TRUE(registry.validate("i.json", parse("1.50e1")).empty());
  EXPECT_TRUE(registry.validate("i.json", parse("100e-2")).empty());
  EXPECT_EQ(registry.validate("i.json", parse("1.5")).at(0).keyword, "type");
  EXPECT_EQ(registry.validate("i.json", parse("1e-300")).at(0).keyword, "type");
  EXPECT_EQ(registry.validate("i.json", parse("-1e40")).at(0).keyword, "minimum");
}

TEST(SchemaValidator, NumbersBeyondAnyFixedRangeAreOrderedExactly) {
  Registry registry;
  // (JSON numbers past 1e308 are refused by the parser itself: a documented limit.)
  registry.add("n.json", parse(R"({"exclusiveMinimum": 1e300})"));
  EXPECT_FALSE(registry.validate("n.json", parse("9.99e299")).empty());
  EXPECT_TRUE(registry.validate("n.json", parse("10.000000000000000000000000001e299")).empty());
  EXPECT_FALSE(registry.validate("n.json", parse("-1e301")).empty());
  EXPECT_FALSE(registry.validate("n.json", parse("1000000000000000000000000000000000000000e261")).empty());
}

TEST(SchemaValidator, PatternsFollowEcma262OverCodePoints) {
  Registry registry;
  registry.add("s.json", parse(R"({"type":"string","pattern":"\\S"})"));
  EXPECT_TRUE(registry.validate("s.json", parse(R"("é")")).empty());
  for (const char* blank : {R"(\u00a0)", R"(\u2028)", R"(\u3000)", R"(\ufeff)", R"( \u000b )"}) {  // JSON escapes
    EXPECT_FALSE(registry.validate("s.json", parse("\"" + std::string(blank) + "\"")).empty()) << blank;
  }
  registry.add("dot.json", parse(R"({"type":"string","pattern":"^.$"})"));
  EXPECT_TRUE(registry.validate("dot.json", parse(R"("€")")).empty());  // one code point, three bytes
  EXPECT_FALSE(registry.validate("dot.json", parse(R"("\u2029")")).empty());
}

TEST(SchemaValidator, AStringOverMaxLengthIsNotMatchedFurther) {
  Registry registry;
  registry.add("s.json", parse(R"({"type":"string","maxLength":10,"pattern":"^a+$","format":"email"})"));
  const std::string huge = "\"" + std::string(1'000'000, 'a') + "@" + std::string(1'000'000, 'b') + "\"";
  const auto violations = registry.validate("s.json", parse(huge));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].keyword, "maxLength");
}

TEST(SchemaValidator, PatternsAndEmailsTakeLinearTimeOnHostileInput) {
  Registry registry;
  registry.add("p.json", parse(R"({"type":"string","pattern":"^(a+)+$"})"));
  registry.add("e.json", parse(R"({"type":"string","format":"email"})"));
  // Exponential for a backtracking engine; RE2 answers at once.
  EXPECT_EQ(registry.validate("p.json", parse("\"" + std::string(100'000, 'a') + "!\"")).at(0).keyword, "pattern");
  EXPECT_EQ(registry.validate("e.json", parse("\"" + std::string(200'000, 'a') + "\"")).at(0).keyword, "format");
  EXPECT_TRUE(registry.validate("e.json", parse(R"("first.last+tag@mail.example.com")")).empty());
  for (const char* bad : {R"("a..b@example.com")", R"(".a@example.com")", R"("a@-example.com")", R"("a@example..com")",
                          R"("a@")", R"("@example.com")"}) {
    EXPECT_FALSE(registry.validate("e.json", parse(bad)).empty()) << bad;
  }
}

TEST(SchemaValidator, AnArrayOverMaxItemsIsNotLookedIntoAndProblemListsAreCapped) {
  Registry registry;
  registry.add("a.json", parse(R"({"type":"array","maxItems":3,"items":{"type":"object","required":["sku"]}})"));
  std::string items = "[";
  for (int i = 0; i < 100'000; ++i) items += i ? ",{}" : "{}";
  auto violations = registry.validate("a.json", parse(items + "]"));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].keyword, "maxItems");

  registry.add("o.json", parse(R"({"type":"array","items":{"type":"object","required":["sku"]}})"));
  violations = registry.validate("o.json", parse(items + "]"));
  ASSERT_EQ(violations.size(), kMaxViolations + 1);
  EXPECT_EQ(violations.back().keyword, "maxViolations");
  EXPECT_EQ(violations.back().message, "99980 more problems not listed (100000 in all)");
}

TEST(SchemaValidator, RefusesKeywordsItDoesNotImplement) {
  Registry registry;
  EXPECT_THROW(registry.add("x.json", parse(R"({"anyOf":[{"type":"string"}]})")), SchemaError);
  EXPECT_THROW(registry.add("y.json", parse(R"({"properties":{"a":{"multipleOf":2}}})")), SchemaError);
  EXPECT_THROW(registry.add("z.json", parse(R"({"pattern":"("})")), SchemaError);
}

// A keyword of the wrong JSON type is refused when the document is added, and leaves the registry
// as it was: the documents added before still validate, the refused one is not there.
TEST(SchemaValidator, AMistypedKeywordIsRefusedAndTheRegistryKeepsItsDocuments) {
  Registry registry;
  registry.add("a.json", parse(R"({"properties":{"id":{"type":"string"}}})"));
  EXPECT_THROW(registry.add("b.json", parse(R"({"type":["string",5]})")), SchemaError);
  EXPECT_THROW(registry.add("a.json", parse(R"({"properties":{"id":{"format":5}}})")), SchemaError);
  EXPECT_FALSE(registry.contains("b.json"));
  EXPECT_EQ(registry.validate("a.json", parse(R"({"id":1})")).at(0).keyword, "type");
}

// A $ref may point where no keyword leads, which nothing checked when the document was added.
// What cannot be compiled there fails every validation that reaches it, not only the first:
// the checks of a half-compiled schema would be skipped.
TEST(SchemaValidator, ARefToAPlaceThatCannotBeCompiledFailsEveryTime) {
  Registry registry;
  registry.add("a.json", parse(R"({"properties":{"sku":{"$ref":"#/x-defs/sku"}},
      "x-defs":{"sku":{"type":"string","pattern":"^[A-Z]+$"}}})"));
  for (int attempt = 0; attempt < 3; ++attempt) {
    EXPECT_THROW(registry.validate("a.json", parse(R"({"sku":"lower"})")), SchemaError) << attempt;
  }
}

}  // namespace
}  // namespace orderflow::schema
