// Each newer version of an event schema accepts every event the previous one accepted, so a
// producer still on the old version is never refused. A breaking change fails here, in CI.
#include <gtest/gtest.h>

#include "orderflow/events/contract.h"
#include "orderflow/schema/compatibility.h"

#include "test_files.h"

namespace orderflow::events {
namespace {

TEST(SchemaEvolution, EveryVersionIsBackwardCompatibleWithThePreviousOne) {
  const auto& contract = Contract::instance();
  int pairs = 0;
  for (const auto& [type, versions] : contract.event_schemas()) {
    for (auto it = versions.begin(); std::next(it) != versions.end(); ++it) {
      const auto& older = it->second;
      const auto& newer = std::next(it)->second;
      EXPECT_EQ(schema::breaking_changes(contract.registry(), older, newer, {"schemaVersion"}),
                std::vector<std::string>{})
          << type << ": " << older << " -> " << newer;
      ++pairs;
    }
  }
  EXPECT_GE(pairs, 1);  // OrderPlaced v1 -> v2 at least
}

TEST(SchemaEvolution, OldEventsPassTheNewestSchemaOnceRelabelled) {
  const auto& contract = Contract::instance();
  for (const char* file : {"examples/seed002_user_created.json", "examples/seed002_order_placed.json",
                           "examples/seed002_payment_settled.json", "examples/seed002_inventory_adjusted.json"}) {
    auto event = testing::contract_file(file);
    const std::string type = event["eventType"];
    for (const auto& [version, schema] : contract.event_schemas().at(type)) {
      event["schemaVersion"] = version;
      EXPECT_EQ(contract.registry().validate(schema, event).size(), 0u) << file << " as " << schema;
    }
  }
}

}  // namespace
}  // namespace orderflow::events
