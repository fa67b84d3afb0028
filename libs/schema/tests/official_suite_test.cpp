// The official JSON-Schema-Test-Suite (Debian's json-schema-test-suite, draft 7) for every keyword
// the validator claims. A test group is skipped only when its schema needs something the validator
// does not claim (another keyword, $id, a remote $ref); the skipped groups are listed below and
// any change to that list fails the test, so a skip can never hide a failure.
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <sstream>

#include "orderflow/json/exact_json.h"
#include "orderflow/schema/validator.h"

namespace orderflow::schema {
namespace {

const std::string kSuite = "/usr/share/json-schema-test-suite/tests/draft7/";

nlohmann::json load(const std::string& file) {
  std::ifstream in(kSuite + file);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = exact_json::parse_exact(text.str());
  if (!std::holds_alternative<nlohmann::json>(parsed)) throw std::runtime_error("cannot read " + file);
  return std::get<nlohmann::json>(parsed);
}

bool has_remote_ref(const nlohmann::json& schema) {
  if (schema.is_object()) {
    for (const auto& [key, value] : schema.items()) {
      if (key == "$ref" && value.is_string() && value.get<std::string>().find("://") != std::string::npos) return true;
      if (has_remote_ref(value)) return true;
    }
  } else if (schema.is_array()) {
    for (const auto& value : schema) {
      if (has_remote_ref(value)) return true;
    }
  }
  return false;
}

struct SuiteFile {
  std::string file;
  std::set<std::string> expected_skips;  // group descriptions, with why in a comment
};

void PrintTo(const SuiteFile& f, std::ostream* os) {
  *os << f.file;
}

class OfficialSuite : public ::testing::TestWithParam<SuiteFile> {};

TEST_P(OfficialSuite, EveryClaimedCasePasses) {
  const auto& param = GetParam();
  std::set<std::string> skipped;
  int cases = 0;
  for (const auto& group : load(param.file)) {
    const std::string description = group["description"];
    Registry registry;
    try {
      if (has_remote_ref(group["schema"])) throw SchemaError("remote $ref");
      registry.add("root.json", group["schema"]);
    } catch (const SchemaError&) {
      skipped.insert(description);
      continue;
    }
    for (const auto& test : group["tests"]) {
      const bool valid = registry.validate("root.json", test["data"]).empty();
      EXPECT_EQ(valid, test["valid"].get<bool>())
          << param.file << " / " << description << " / " << test["description"].get<std::string>();
      ++cases;
    }
  }
  EXPECT_EQ(skipped, param.expected_skips) << param.file;
  EXPECT_GT(cases, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Draft7, OfficialSuite,
    ::testing::Values(SuiteFile{"type.json", {}}, SuiteFile{"required.json", {}},
                      SuiteFile{"properties.json", {"properties, patternProperties, additionalProperties interaction"}},
                      SuiteFile{
                          "additionalProperties.json",
                          {"additionalProperties being false does not allow other properties",  // patternProperties
                           "non-ASCII pattern with additionalProperties"}},                     // patternProperties
                      SuiteFile{"enum.json", {}}, SuiteFile{"const.json", {}}, SuiteFile{"pattern.json", {}},
                      SuiteFile{"minimum.json", {}}, SuiteFile{"exclusiveMinimum.json", {}},
                      SuiteFile{"maxLength.json", {}}, SuiteFile{"minItems.json", {}}, SuiteFile{"maxItems.json", {}},
                      SuiteFile{"items.json", {}}, SuiteFile{"boolean_schema.json", {}},
                      SuiteFile{"ref.json",
                                {"remote ref, containing refs itself",      // remote $ref
                                 "Recursive references between schemas"}},  // $id
                      SuiteFile{"optional/format/date-time.json", {}}, SuiteFile{"optional/format/email.json", {}}),
    [](const ::testing::TestParamInfo<SuiteFile>& info) {
      std::string name = info.param.file.substr(info.param.file.rfind('/') + 1);
      name = name.substr(0, name.find('.'));
      for (auto& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

}  // namespace
}  // namespace orderflow::schema
