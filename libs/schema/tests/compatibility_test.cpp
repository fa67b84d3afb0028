// The evolution check must catch what would break old producers, or it proves nothing.
#include "orderflow/schema/compatibility.h"

#include <gtest/gtest.h>

#include "orderflow/json/exact_json.h"

namespace orderflow::schema {
namespace {

const char* kV1 = R"({"type":"object","required":["id","amount"],"additionalProperties":false,"properties":{
  "schemaVersion":{"const":1},"id":{"type":"string","maxLength":64},"amount":{"type":"number"},
  "status":{"enum":["new","done"]},"items":{"type":"array","maxItems":10,"items":{"type":"integer"}}}})";

std::vector<std::string> changes_to(const std::string& newer) {
  Registry registry;
  registry.add("v1.json", std::get<nlohmann::json>(exact_json::parse_exact(kV1)));
  registry.add("v2.json", std::get<nlohmann::json>(exact_json::parse_exact(newer)));
  return breaking_changes(registry, "v1.json", "v2.json", {"schemaVersion"});
}

std::string with(const std::string& from, const std::string& to) {
  std::string text = kV1;
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(SchemaEvolution, AddingAnOptionalFieldAndBumpingTheVersionIsCompatible) {
  EXPECT_TRUE(
      changes_to(with(R"("schemaVersion":{"const":1},)", R"("schemaVersion":{"const":2},"note":{"type":"string"},)"))
          .empty());
}

TEST(SchemaEvolution, WideningIsCompatible) {
  EXPECT_TRUE(changes_to(with(R"("maxLength":64)", R"("maxLength":128)")).empty());
  EXPECT_TRUE(changes_to(with(R"(["new","done"])", R"(["new","done","cancelled"])")).empty());
  EXPECT_TRUE(changes_to(with(R"("items":{"type":"integer"})", R"("items":{"type":"number"})")).empty());
}

TEST(SchemaEvolution, EachKindOfNarrowingIsReported) {
  EXPECT_FALSE(changes_to(with(R"(["id","amount"])", R"(["id","amount","status"])")).empty());  // new required
  EXPECT_FALSE(changes_to(with(R"("amount":{"type":"number"})", R"("amount":{"type":"integer"})")).empty());
  EXPECT_FALSE(changes_to(with(R"(["new","done"])", R"(["new"])")).empty());
  EXPECT_FALSE(changes_to(with(R"("maxLength":64)", R"("maxLength":8)")).empty());
  EXPECT_FALSE(changes_to(with(R"("maxItems":10)", R"("maxItems":5)")).empty());
  EXPECT_FALSE(changes_to(with(R"("items":{"type":"integer"})", R"("items":{"type":"string"})")).empty());
  EXPECT_FALSE(changes_to(with(R"("id":{"type":"string","maxLength":64})",
                               R"("id":{"type":"string","maxLength":64,"pattern":"^a"})"))
                   .empty());
  EXPECT_FALSE(
      changes_to(with(R"("status":{"enum":["new","done"]},)", "")).empty());  // field dropped, no longer allowed
}

}  // namespace
}  // namespace orderflow::schema
