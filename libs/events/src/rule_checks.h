#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "orderflow/common/decimal.h"
#include "orderflow/common/time.h"
#include "orderflow/events/problem.h"

namespace orderflow::events {

class Contract;

// The checks an event type's rules are made of (EventType::check_rules). Each adds a Problem,
// with its reason code as the rule, to the list it was made with.
class RuleChecks {
 public:
  RuleChecks(const Contract& contract, Problems& problems) : contract_(contract), problems_(problems) {}

  // The currency's minor units when it is one orderflow accepts; amount checks need them.
  std::optional<int> currency(const nlohmann::json& event, const char* field);
  // An amount above zero with no more decimals than its currency has, exact within Decimal.
  std::optional<Decimal> amount(const std::string& field, const nlohmann::json& value, std::optional<int> minor_units,
                                const std::string& currency);
  // A count above zero that PostgreSQL's integer column holds.
  void quantity(const std::string& field, const nlohmann::json& value);
  // Not after `latest`, not before year 1, with an offset PostgreSQL reads.
  void time_in_range(const nlohmann::json& event, const char* field, Timestamp latest);
  // PostgreSQL's text and jsonb cannot hold NUL; every string and key of the event is stored.
  void text_storable(const nlohmann::json& node, const std::string& path);

  void add(const std::string& field, const char* rule, std::string message);

 private:
  const Contract& contract_;
  Problems& problems_;
};

}  // namespace orderflow::events
