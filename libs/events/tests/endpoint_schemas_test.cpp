// The body schemas of the per-type endpoints (proto-schemas/api/<type>_body.v<N>.json, which
// openapi.yaml refers to) are derived from the event schemas and the descriptors: the same
// document, with the fields the endpoint fills in no longer required. This test derives them and
// compares them with the files, so the published contract cannot drift from the enforced one.
// ORDERFLOW_UPDATE_SCHEMAS=1 build/libs/events/events_tests --gtest_filter='EndpointSchemas*'
// writes them.
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <set>

#include "orderflow/events/contract.h"
#include "orderflow/events/event_type.h"
#include "orderflow/events/requests.h"
#include "orderflow/json/exact_json.h"

#include "test_files.h"

namespace orderflow::events {
namespace {

// "envelope.v1.json#/..." seen from events/ is "../events/envelope.v1.json#/..." seen from api/.
void rebase_refs(nlohmann::json& node) {
  if (node.is_object()) {
    for (auto& [key, value] : node.items()) {
      if (key == "$ref" && value.is_string() && value.get<std::string>().rfind("#", 0) != 0) {
        value = "../events/" + value.get<std::string>();
      } else {
        rebase_refs(value);
      }
    }
  } else if (node.is_array()) {
    for (auto& item : node) rebase_refs(item);
  }
}

std::string snake_case(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      if (!out.empty()) out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

nlohmann::json expected_body_schema(const EventType& type, int version, const std::string& event_schema) {
  nlohmann::json schema = Contract::instance().registry().document(event_schema);
  const EventDefaults any{"id", "2025-01-01T00:00:00Z", "USD"};
  // Whatever complete_event() fills in is what the endpoint does not require.
  const nlohmann::json filled = complete_event(nlohmann::json::object(), type, version, any);
  nlohmann::json required = nlohmann::json::array();
  for (const auto& field : schema["required"]) {
    if (!filled.contains(field.get<std::string>())) required.push_back(field);
  }
  schema["required"] = required;
  schema["title"] = "POST " + std::string(type.endpoint) + " body";
  schema["description"] = "Generated from " + event_schema + " (libs/events/tests/endpoint_schemas_test.cpp): " + "a " +
                          type.name + " v" + std::to_string(version) +
                          " event, where what the endpoint fills in when absent is not required.";
  rebase_refs(schema);
  return schema;
}

TEST(EndpointSchemas, EachTypesEndpointBodyIsItsEventSchemaWithTheFilledFieldsOptional) {
  for (const auto* type : event_types()) {
    if (!type->endpoint) continue;  // published by orderflow's own stages
    const int version = Contract::instance().latest_version(type->name);
    const std::string event_schema = Contract::instance().event_schemas().at(type->name).at(version);
    const std::string file = "api/" + snake_case(type->name) + "_body.v" + std::to_string(version) + ".json";
    const nlohmann::json expected = expected_body_schema(*type, version, event_schema);
    const std::string path = std::string(ORDERFLOW_SOURCE_DIR) + "/proto-schemas/" + file;
    if (std::getenv("ORDERFLOW_UPDATE_SCHEMAS")) std::ofstream(path) << expected.dump(2) << "\n";
    std::ifstream in(path);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto actual = exact_json::parse_exact(text);
    const bool same = std::holds_alternative<nlohmann::json>(actual) &&
                      exact_json::dump_exact(std::get<nlohmann::json>(actual)) == exact_json::dump_exact(expected);
    EXPECT_TRUE(same) << "proto-schemas/" << file << " should be:\n" << expected.dump(2);
  }
}

}  // namespace
}  // namespace orderflow::events
